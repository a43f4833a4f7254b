/**
 * A sync's applied feeds, one per till: a big batch comes as many pieces (sync/split.ts), so the
 * Sync page and `regulars sync` show a till's pieces added up, from the first seq to the last.
 */
import type { ApplyReport } from './apply';

/** Every count a feed's report carries, added up across pieces. */
const COUNTED = [
  'customers',
  'cards',
  'sales',
  'voids',
  'points',
  'campaigns',
  'coupons',
  'merges',
  'floors',
  'ratings',
  'segments',
  'settings',
  'audit',
] as const;

export type TillApplied = ApplyReport & { first: number };

export function perTill(applied: readonly ApplyReport[]): TillApplied[] {
  const byTill = new Map<string, TillApplied>();
  for (const a of applied) {
    const had = byTill.get(a.install);
    if (!had) {
      byTill.set(a.install, { ...a, first: a.seq, duplicates: [...a.duplicates] });
      continue;
    }
    had.first = Math.min(had.first, a.seq);
    had.seq = Math.max(had.seq, a.seq);
    had.applied ||= a.applied;
    had.duplicates.push(...a.duplicates);
    for (const k of COUNTED) if (a[k] !== undefined || had[k] !== undefined) had[k] = (had[k] ?? 0) + (a[k] ?? 0);
  }
  return [...byTill.values()];
}
