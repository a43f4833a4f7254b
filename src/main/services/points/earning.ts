/**
 * The earning rules besides points per amount (that one stays settings.pointsRule): points per
 * visit, the sign-up bonus and the birthday bonus, in settings under "earningRule". A change
 * applies from then on: each ledger row keeps what it earned and why.
 */
import { readRuleSetting, writeRuleSetting } from '../ruleSettings';
import { DEFAULT_EARNING_RULE, type EarningRule } from '../../../shared/contract/tiers';
import type { Ctx, Tx } from '../context';

export const EARNING_RULE_KEY = 'earningRule';

export function parseEarningRule(value: string | undefined): EarningRule {
  if (value === undefined) return DEFAULT_EARNING_RULE;
  return { ...DEFAULT_EARNING_RULE, ...(JSON.parse(value) as Partial<EarningRule>) };
}

export async function getEarningRule(tx: Tx): Promise<EarningRule> {
  const stored = await readRuleSetting(tx, EARNING_RULE_KEY);
  return parseEarningRule(stored === undefined ? undefined : JSON.stringify(stored));
}

export async function setEarningRule(ctx: Ctx, rule: EarningRule): Promise<EarningRule> {
  const before = await getEarningRule(ctx.db);
  const changed = (Object.keys(rule) as (keyof EarningRule)[]).filter((k) => rule[k] !== before[k]);
  await writeRuleSetting(
    ctx,
    EARNING_RULE_KEY,
    { perVisit: rule.perVisit, signupBonus: rule.signupBonus, birthdayBonus: rule.birthdayBonus },
    changed,
  );
  return getEarningRule(ctx.db);
}
