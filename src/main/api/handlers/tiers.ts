/** Handlers of the membership tier rule; inputs arrive parsed (see dispatch.ts). */
import type { tiersContract } from '../../../shared/contract/tiers';
import { getTierRule, setTierRule } from '../../services/tiers';
import type { HandlerMap } from '../types';

export const tiersHandlers: HandlerMap<keyof typeof tiersContract> = {
  'tiers.getRule': (ctx) => getTierRule(ctx.db),
  'tiers.setRule': (ctx, rule) => setTierRule(ctx, rule),
};
