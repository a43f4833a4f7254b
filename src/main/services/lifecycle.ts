/**
 * Lifecycle groups out of the box (definitions in segmentRules.ts lifecycleCondition): classified
 * in SQL from customer_stats, one pass over the customers. The rule's numbers are a
 * shop setting (key "lifecycleRule"), defaulting to new = 30 days, lapsed = 90 days,
 * loyal = 6 purchases in 365 days.
 */
import { readRuleSetting, writeRuleSetting } from './ruleSettings';
import { sql } from 'kysely';
import { LIFECYCLE_GROUPS, type LifecycleCounts, type LifecycleGroup, type LifecycleRule } from '../../shared/contract/segments';
import { localDate, startOfLocalDay } from '../../shared/time';
import type { Ctx, Tx } from './context';
import { addDays } from './localTime';
import { getSettings } from './settings';

export const DEFAULT_LIFECYCLE_RULE: LifecycleRule = { newDays: 30, lapsedDays: 90, loyalVisits: 6, loyalWindowDays: 365 };
const KEY = 'lifecycleRule';

export async function getLifecycleRule(tx: Tx): Promise<LifecycleRule> {
  return { ...DEFAULT_LIFECYCLE_RULE, ...((await readRuleSetting(tx, KEY)) as Partial<LifecycleRule> | undefined) };
}

export async function setLifecycleRule(ctx: Ctx, rule: LifecycleRule): Promise<LifecycleRule> {
  await writeRuleSetting(ctx, KEY, rule);
  return getLifecycleRule(ctx.db);
}

export async function lifecycleCounts(
  ctx: Ctx,
  override?: LifecycleRule,
): Promise<{ rule: LifecycleRule; counts: LifecycleCounts; total: number }> {
  const rule = override ?? (await getLifecycleRule(ctx.db));
  const { timeZone } = await getSettings(ctx.db);
  const today = localDate(ctx.now(), timeZone);
  // Instants in ms, as customer_stats and sales store them (0100).
  const since = (days: number): number => startOfLocalDay(addDays(today, 1 - days), timeZone).getTime();
  const newFrom = since(rule.newDays);
  const activeFrom = since(rule.lapsedDays);
  const loyalFrom = since(rule.loyalWindowDays);

  // Same precedence as lifecycleCondition: never_bought, new, lapsed, loyal, returning. First and
  // last purchase come from customer_stats (migration 0031); only the customers still undecided
  // by then count their recent purchases, by a seek that stops at loyalVisits.
  const r = await sql<{ grp: LifecycleGroup; n: number }>`
    SELECT CASE
        WHEN st.customer_id IS NULL THEN 'never_bought'
        WHEN st.first_at >= ${newFrom} THEN 'new'
        WHEN st.last_at < ${activeFrom} THEN 'lapsed'
        WHEN (SELECT count(*) FROM (SELECT 1 FROM sales s WHERE s.customer_id = c.id AND s.voided_at IS NULL AND s.sold_at >= ${loyalFrom}
              LIMIT ${rule.loyalVisits})) >= ${rule.loyalVisits} THEN 'loyal'
        ELSE 'returning' END AS grp,
      count(*) AS n
    FROM customers c INDEXED BY customers_code_id LEFT JOIN customer_stats st ON st.customer_id = c.id
    WHERE c.erased_at IS NULL
    GROUP BY grp`.execute(ctx.db);
  const rows = r.rows;
  const counts = Object.fromEntries(LIFECYCLE_GROUPS.map((g) => [g, 0])) as LifecycleCounts;
  let total = 0;
  for (const r of rows) {
    counts[r.grp as LifecycleGroup] = Number(r.n);
    total += Number(r.n);
  }
  return { rule, counts, total };
}
