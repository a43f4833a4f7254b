/**
 * A rule handed to the builder when it opens as 'new' (from a lifecycle group, an RFM segment…).
 * The route only carries the id, so the draft waits here until the builder reads it.
 */
import type { RuleGroup } from '../../../../shared/contract/segments';
import type { Route } from '../../stores/app';

let draft: { rule: RuleGroup; name: string } | null = null;

export function peekDraft(): { rule: RuleGroup; name: string } | null {
  return draft;
}

/** Opens the builder for a new segment, empty or pre-filled. */
export function openBuilder(navigate: (r: Route) => void, prefill?: { rule: RuleGroup; name: string }): void {
  draft = prefill ?? null;
  navigate({ page: 'segment', id: 'new' });
}
