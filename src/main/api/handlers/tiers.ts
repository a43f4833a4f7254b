/** Handlers of the membership tiers (rule, standing, hand-set floors) and the earning rules; inputs arrive parsed (see dispatch.ts). */
import type { tiersContract } from '../../../shared/contract/tiers';
import { getEarningRule, setEarningRule } from '../../services/points/earning';
import { clearTierFloor, getTierRule, setTierFloor, setTierRule, tierStatus } from '../../services/tiers';
import type { HandlerMap } from '../types';

export const tiersHandlers: HandlerMap<keyof typeof tiersContract> = {
  'tiers.getRule': (ctx) => getTierRule(ctx.db),
  'tiers.setRule': (ctx, rule) => setTierRule(ctx, rule),
  'tiers.status': (ctx, { customerId }) => tierStatus(ctx, customerId),
  'tiers.setFloor': (ctx, input) => setTierFloor(ctx, input),
  'tiers.clearFloor': (ctx, input) => clearTierFloor(ctx, input),
  'earning.getRule': (ctx) => getEarningRule(ctx.db),
  'earning.setRule': (ctx, rule) => setEarningRule(ctx, rule),
};
