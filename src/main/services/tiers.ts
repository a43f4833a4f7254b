/**
 * Membership tiers, derived and never stored per customer: a customer's tier is the highest tier
 * whose minSpend is at most their non-voided spend in the last windowDays days of the shop's
 * calendar (today included; the same window as the segment builder's "last N days"), raised to a
 * tier the owner set by hand while that floor lasts (tier_floors, migration 0093). The rule is the
 * shop setting "tierRule"; without one the shop has no tiers and every customer's tier is null.
 * Each tier carries a benefit text and a points multiplier (sales.ts applies it to points per amount).
 */
import { readRuleSetting, writeRuleSetting } from './ruleSettings';
import { DEFAULT_TIER_RULE, type Tier, type TierFloor, type TierRule, type TierStatus } from '../../shared/contract/tiers';
import { AppError } from '../../shared/errors';
import { localDate } from '../../shared/time';
import { tierStatusOf } from '../../shared/tiers';
import { immediateTransaction } from '../db/busy';
import { logChange } from '../db/changeLog';
import { type Ctx, type Tx } from './context';
import { keyOf, newGid } from './keys';
import { addDays, localDayStartIso } from './localTime';
import { getSettings } from './settings';

export const TIER_RULE_KEY = 'tierRule';

/** A stored rule read over the defaults: tiers saved before benefits and multipliers give nothing and multiply by 1. */
export function parseTierRule(value: string | undefined): TierRule {
  if (value === undefined) return DEFAULT_TIER_RULE;
  const stored = JSON.parse(value) as Partial<TierRule> & { tiers?: Partial<Tier>[] };
  return {
    windowDays: stored.windowDays ?? DEFAULT_TIER_RULE.windowDays,
    tiers: (stored.tiers ?? []).map((t) => ({
      name: t.name!,
      minSpend: t.minSpend!,
      benefit: t.benefit ?? '',
      multiplier: t.multiplier ?? 1,
    })),
  };
}

export async function getTierRule(tx: Tx): Promise<TierRule> {
  const stored = await readRuleSetting(tx, TIER_RULE_KEY);
  return parseTierRule(stored === undefined ? undefined : JSON.stringify(stored));
}

export async function setTierRule(ctx: Ctx, rule: TierRule): Promise<TierRule> {
  await writeRuleSetting(ctx, TIER_RULE_KEY, {
    windowDays: rule.windowDays,
    tiers: rule.tiers.map((t) => ({ name: t.name, minSpend: t.minSpend, benefit: t.benefit, multiplier: t.multiplier })),
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

/** The floor set by hand that has not been cleared (it may have run out: tierStatusOf checks the date). */
export async function currentFloor(tx: Tx, customerId: number): Promise<TierFloor | null> {
  const row = await tx
    .selectFrom('tier_floors')
    .select(['tier', 'reason', 'until', 'set_at'])
    .where('customer_id', '=', customerId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  return row ? { tier: row.tier, reason: row.reason, until: row.until, setAt: row.set_at } : null;
}

/** Every floor in force on `today` (the shop's local date), for the segment builder's tier condition (customers by local key). */
export async function activeTierFloors(tx: Tx, today: string): Promise<{ customerId: number; tier: string }[]> {
  const rows = await tx
    .selectFrom('tier_floors')
    .select(['customer_id', 'tier'])
    .where('cleared_at', 'is', null)
    .where('until', '>=', today)
    .execute();
  return rows.map((r) => ({ customerId: r.customer_id, tier: r.tier }));
}

/** One customer's standing now (by API id). */
export async function tierStatus(ctx: Ctx, customerId: string): Promise<TierStatus> {
  return tierStatusByKey(ctx, await keyOf(ctx.db, 'customers', customerId, 'customer', 'customerId'));
}

/** One customer's standing now (`customerId`: the local key): a seek on sales_customer_sold (customer_id, sold_at, total, voided_at) and one on the floors. */
export async function tierStatusByKey(ctx: Ctx, customerId: number): Promise<TierStatus> {
  const rule = await getTierRule(ctx.db);
  const { timeZone } = await getSettings(ctx.db);
  const today = localDate(ctx.now(), timeZone);
  if (rule.tiers.length === 0) return tierStatusOf(rule, 0, null, today);
  const from = tierWindowStart(today, rule.windowDays, timeZone);
  const row = await ctx.db
    .selectFrom('sales')
    .where('customer_id', '=', customerId)
    .where('sold_at', '>=', Date.parse(from))
    .where('voided_at', 'is', null)
    .select((eb) => eb.fn.sum<number | null>('total').as('spend'))
    .executeTakeFirst();
  return tierStatusOf(rule, Number(row?.spend ?? 0), await currentFloor(ctx.db, customerId), today);
}

/** One customer's tier now (`customerId`: the local key). */
export async function tierOfCustomer(ctx: Ctx, customerId: number): Promise<string | null> {
  return (await tierStatusByKey(ctx, customerId)).tier;
}

/** The local key of a customer who is not erased, or NOT_FOUND / CUSTOMER_ERASED. */
async function liveCustomer(tx: Tx, customerId: string): Promise<number> {
  const key = await keyOf(tx, 'customers', customerId, 'customer', 'customerId');
  const c = await tx.selectFrom('customers').select('erased_at').where('id', '=', key).executeTakeFirstOrThrow();
  if (c.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.', { field: 'customerId' });
  return key;
}

/** Ends the floor in force, if any; returns whether there was one. */
async function endFloor(trx: Tx, customerId: number, at: string, reason: string): Promise<number | null> {
  const row = await trx
    .selectFrom('tier_floors')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  await trx.updateTable('tier_floors').set({ cleared_at: at, clear_reason: reason }).where('id', '=', row.id).execute();
  await logChange(trx, 'tier_floor', row.id, 'update', at, ['cleared_at', 'clear_reason']);
  return row.id;
}

/**
 * The owner puts a customer in a tier by hand until a date: the customer's tier is at least that one
 * while it lasts (spend may still lift them higher). A floor already in force is ended and replaced.
 */
export async function setTierFloor(
  ctx: Ctx,
  input: { customerId: string; tier: string; until: string; reason: string },
  setBy: string | null = null,
): Promise<TierStatus> {
  const rule = await getTierRule(ctx.db);
  const tier = rule.tiers.find((t) => t.name.toLowerCase() === input.tier.trim().toLowerCase());
  if (!tier)
    throw new AppError('VALIDATION', 'The shop has no tier with this name.', { field: 'tier', params: { reason: 'unknown_tier' } });
  const { timeZone } = await getSettings(ctx.db);
  if (input.until < localDate(ctx.now(), timeZone))
    throw new AppError('VALIDATION', 'The end date cannot be in the past.', { field: 'until', params: { reason: 'past' } });
  const key = await immediateTransaction(ctx.db, async (trx) => {
    const customer = await liveCustomer(trx, input.customerId);
    const at = ctx.now().toISOString();
    await endFloor(trx, customer, at, `replaced: ${input.reason}`);
    const { id } = await trx
      .insertInto('tier_floors')
      .values({
        gid: newGid(),
        customer_id: customer,
        tier: tier.name,
        reason: input.reason,
        until: input.until,
        set_at: at,
        set_by: setBy,
        cleared_at: null,
        clear_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logChange(trx, 'tier_floor', id, 'create', at);
    return customer;
  });
  return tierStatusByKey(ctx, key);
}

export async function clearTierFloor(ctx: Ctx, input: { customerId: string; reason: string }): Promise<TierStatus> {
  const key = await immediateTransaction(ctx.db, async (trx) => {
    const customer = await liveCustomer(trx, input.customerId);
    const ended = await endFloor(trx, customer, ctx.now().toISOString(), input.reason);
    if (ended === null) throw new AppError('NOT_FOUND', 'This customer has no tier set by hand.', { field: 'customerId' });
    return customer;
  });
  return tierStatusByKey(ctx, key);
}
