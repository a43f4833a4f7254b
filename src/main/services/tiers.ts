/**
 * Membership tiers, derived and never stored per customer: a customer's tier is the highest tier
 * whose minSpend is at most their non-voided spend in the last windowDays days of the shop's
 * calendar (today included; the same window as the segment builder's "last N days"). The rule is
 * the shop setting "tierRule"; without one the shop has no tiers and every customer's tier is null.
 */
import { DEFAULT_TIER_RULE, type TierRule } from '../../shared/contract/tiers';
import { localDate } from '../../shared/time';
import { logChange } from '../db/changeLog';
import type { Ctx, Tx } from './context';
import { addDays, localDayStartIso } from './localTime';
import { getSettings } from './settings';

const KEY = 'tierRule';

export async function getTierRule(tx: Tx): Promise<TierRule> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_TIER_RULE;
  return { ...DEFAULT_TIER_RULE, ...(JSON.parse(row.value) as Partial<TierRule>) };
}

export async function setTierRule(ctx: Ctx, rule: TierRule): Promise<TierRule> {
  const value = JSON.stringify({ windowDays: rule.windowDays, tiers: rule.tiers.map((t) => ({ name: t.name, minSpend: t.minSpend })) });
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    await logChange(trx, 'settings', KEY, 'update', ctx.now().toISOString());
  });
  return getTierRule(ctx.db);
}

/** UTC instant at which the window of the last `windowDays` local days (today included) starts. */
export function tierWindowStart(today: string, windowDays: number, timeZone: string): string {
  return localDayStartIso(addDays(today, 1 - windowDays), timeZone);
}

/** The highest tier reached by `spend`, or null. Tiers are ascending by minSpend. */
export function tierForSpend(rule: TierRule, spend: number): string | null {
  let name: string | null = null;
  for (const t of rule.tiers) if (spend >= t.minSpend) name = t.name;
  return name;
}

/** One customer's tier now: a seek on sales_customer_sold (customer_id, sold_at, total, voided_at). */
export async function tierOfCustomer(ctx: Ctx, customerId: string): Promise<string | null> {
  const rule = await getTierRule(ctx.db);
  if (rule.tiers.length === 0) return null;
  const { timeZone } = await getSettings(ctx.db);
  const from = tierWindowStart(localDate(ctx.now(), timeZone), rule.windowDays, timeZone);
  const row = await ctx.db
    .selectFrom('sales')
    .where('customer_id', '=', customerId)
    .where('sold_at', '>=', from)
    .where('voided_at', 'is', null)
    .select((eb) => eb.fn.sum<number | null>('total').as('spend'))
    .executeTakeFirst();
  return tierForSpend(rule, Number(row?.spend ?? 0));
}
