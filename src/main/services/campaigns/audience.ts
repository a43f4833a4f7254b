/**
 * A campaign's audience as a segment rule, so its members come from the same compiled queries the
 * segment builder, RFM, lifecycle and tier screens count with (segments.ts, segmentRules.ts).
 */
import type { CampaignAudience } from '../../../shared/contract/campaigns';
import type { RuleGroup } from '../../../shared/contract/segments';
import { AppError } from '../../../shared/errors';
import type { Ctx } from '../context';
import { countSegment, savedSegmentRule, segmentMemberIds } from '../segments';

const only = (rule: RuleGroup['rules'][number]): RuleGroup => ({ kind: 'group', op: 'and', rules: [rule] });

export async function audienceRule(ctx: Ctx, a: Exclude<CampaignAudience, { kind: 'flyer' }>): Promise<RuleGroup> {
  switch (a.kind) {
    case 'segment':
      try {
        return await savedSegmentRule(ctx, a.segmentId);
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') {
          throw new AppError('NOT_FOUND', 'No saved segment with this id.', { field: 'audience.segmentId' });
        }
        throw e;
      }
    case 'rfm':
      return only({ kind: 'rfmSegment', in: [a.segment] });
    case 'lifecycle':
      return only({ kind: 'lifecycle', in: [a.group] });
    case 'tier':
      return only({ kind: 'tier', in: [a.tier] });
  }
}

/** Live (not erased) members' keys in customer-code order; a flyer has none. */
export async function audienceMembers(ctx: Ctx, a: CampaignAudience): Promise<number[]> {
  if (a.kind === 'flyer') return [];
  return segmentMemberIds(ctx, await audienceRule(ctx, a));
}

export async function audienceCount(ctx: Ctx, a: CampaignAudience): Promise<{ count: number }> {
  if (a.kind === 'flyer') return { count: 0 };
  return { count: (await countSegment(ctx, await audienceRule(ctx, a))).count };
}
