/**
 * Lifecycle groups out of the box (definitions in segmentRules.ts lifecycleCondition): counted
 * in one pass over the covering sales index, then classified in SQL. The rule's numbers are a
 * shop setting (key "lifecycleRule"), defaulting to new = 30 days, lapsed = 90 days,
 * loyal = 6 purchases in 365 days.
 */
import { sql } from 'kysely';
import { LIFECYCLE_GROUPS, type LifecycleCounts, type LifecycleGroup, type LifecycleRule } from '../../shared/contract/segments';
import { localDate } from '../../shared/time';
import { logChange, type Ctx, type Tx } from './context';
import { addDays, localDayStartIso } from './localTime';
import { getSettings } from './settings';

export const DEFAULT_LIFECYCLE_RULE: LifecycleRule = { newDays: 30, lapsedDays: 90, loyalVisits: 6, loyalWindowDays: 365 };
const KEY = 'lifecycleRule';

export async function getLifecycleRule(tx: Tx): Promise<LifecycleRule> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return { ...DEFAULT_LIFECYCLE_RULE };
  return { ...DEFAULT_LIFECYCLE_RULE, ...(JSON.parse(row.value) as Partial<LifecycleRule>) };
}

export async function setLifecycleRule(ctx: Ctx, rule: LifecycleRule): Promise<LifecycleRule> {
  const value = JSON.stringify(rule);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('settings').values({ key: KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    await logChange(trx, 'settings', KEY, 'update', ctx.now().toISOString());
  });
  return getLifecycleRule(ctx.db);
}

export async function lifecycleCounts(
  ctx: Ctx,
  override?: LifecycleRule,
): Promise<{ rule: LifecycleRule; counts: LifecycleCounts; total: number }> {
  const rule = override ?? (await getLifecycleRule(ctx.db));
  const { timeZone } = await getSettings(ctx.db);
  const today = localDate(ctx.now(), timeZone);
  const since = (days: number): string => localDayStartIso(addDays(today, 1 - days), timeZone);
  const newFrom = since(rule.newDays);
  const activeFrom = since(rule.lapsedDays);
  const loyalFrom = since(rule.loyalWindowDays);

  const perCustomer = ctx.db
    .selectFrom('sales')
    .where('customer_id', 'is not', null)
    .where('voided_at', 'is', null)
    .groupBy('customer_id')
    .select((eb) => [
      'customer_id',
      eb.fn.min('sold_at').as('first'),
      eb.fn.max('sold_at').as('last'),
      eb.fn.sum<number>(sql`sold_at >= ${loyalFrom}`).as('recent'),
    ])
    .as('a');
  // Same precedence as lifecycleCondition: never_bought, new, lapsed, loyal, returning.
  const rows = await ctx.db
    .selectFrom('customers as c')
    .leftJoin(perCustomer, 'a.customer_id', 'c.id')
    .where('c.erased_at', 'is', null)
    .select((eb) => [
      eb
        .case()
        .when('a.first', 'is', null)
        .then('never_bought')
        .when('a.first', '>=', newFrom)
        .then('new')
        .when('a.last', '<', activeFrom)
        .then('lapsed')
        .when('a.recent', '>=', rule.loyalVisits)
        .then('loyal')
        .else('returning')
        .end()
        .as('grp'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy('grp')
    .execute();
  const counts = Object.fromEntries(LIFECYCLE_GROUPS.map((g) => [g, 0])) as LifecycleCounts;
  let total = 0;
  for (const r of rows) {
    counts[r.grp as LifecycleGroup] = Number(r.n);
    total += Number(r.n);
  }
  return { rule, counts, total };
}
