/**
 * The earning rules besides points per amount (that one stays settings.pointsRule): points per
 * visit, the sign-up bonus and the birthday bonus, in settings under "earningRule". A change
 * applies from then on: each ledger row keeps what it earned and why.
 */
import { DEFAULT_EARNING_RULE, type EarningRule } from '../../../shared/contract/tiers';
import { logChange } from '../../db/changeLog';
import type { Ctx, Tx } from '../context';

export const EARNING_RULE_KEY = 'earningRule';

export function parseEarningRule(value: string | undefined): EarningRule {
  if (value === undefined) return DEFAULT_EARNING_RULE;
  return { ...DEFAULT_EARNING_RULE, ...(JSON.parse(value) as Partial<EarningRule>) };
}

export async function getEarningRule(tx: Tx): Promise<EarningRule> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', EARNING_RULE_KEY).executeTakeFirst();
  return parseEarningRule(row?.value);
}

export async function setEarningRule(ctx: Ctx, rule: EarningRule): Promise<EarningRule> {
  const before = await getEarningRule(ctx.db);
  const value = JSON.stringify({ perVisit: rule.perVisit, signupBonus: rule.signupBonus, birthdayBonus: rule.birthdayBonus });
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: EARNING_RULE_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    const changed = (Object.keys(rule) as (keyof EarningRule)[]).filter((k) => rule[k] !== before[k]);
    await logChange(trx, 'settings', EARNING_RULE_KEY, 'update', ctx.now().toISOString(), changed);
  });
  return getEarningRule(ctx.db);
}
