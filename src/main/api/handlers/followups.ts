/** Handlers of the follow-ups screen; inputs arrive parsed (see dispatch.ts). */
import type { followupsContract } from '../../../shared/contract/followups';
import { followUpWeek, getFollowUpRule, saveFollowUpSegment, setFollowUpRule } from '../../services/followups';
import type { HandlerMap } from '../types';

export const followupsHandlers: HandlerMap<keyof typeof followupsContract> = {
  'followups.week': (ctx, { week }) => followUpWeek(ctx, week),
  'followups.getRule': (ctx) => getFollowUpRule(ctx.db),
  'followups.setRule': (ctx, rule) => setFollowUpRule(ctx, rule),
  'followups.segment': (ctx, input) => saveFollowUpSegment(ctx, input),
};
