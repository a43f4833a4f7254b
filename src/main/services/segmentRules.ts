/**
 * Compiles a segment's rule tree into one SQL boolean over `customers as c`, through kysely's
 * expression builder: every value the person typed is a bound parameter, never SQL text.
 * Behavioural conditions are set memberships over customer_stats (all history) or one range scan
 * of sales_by_time (a period), see statInRange; points is a correlated subquery that seeks the
 * covering index points_ledger(customer_id, points).
 *
 * Meanings (all days are the shop's calendar days, "today" included in "the last N days"):
 *  - age: whole years on today's date; customers without a birthday never match.
 *  - gender 'unknown' = not recorded. area: the same name ignoring case, Unicode composition and
 *    extra spaces (areaKey; the SQL function area_key is registered by db/open.ts), marks kept.
 *  - visits / spend: non-voided purchases (count / total) in the period; "min 0" includes
 *    customers who never bought.
 *  - first/last purchase before D / after D: the purchase is on a day before / after D (D itself
 *    excluded); within N days: on one of the last N days; not within N days: has bought, but
 *    not then. Customers who never bought never match a purchase-date condition.
 *  - points: the ledger balance (earn − redeem − expire ± adjust).
 *  - rfmSegment: RFM as of today over all history (see rfm.ts).
 *  - lifecycle: see lifecycle.ts.
 *  - tags: any / all / none of the given tags (exact text).
 *  - An empty group adds no condition (matches everyone), so a builder can start empty.
 *  - unhappy: a rating of at most 2 (feedback, issue 16) on one of the last N days, whatever came
 *    after it: a bad moment is worth a follow-up even when a later visit went well.
 *  - birthday / purchaseAnniversary: see calendarWindows.ts; an anniversary is of the first live
 *    purchase's shop-local day.
 *  - tier: the tier derived from non-voided spend in the tier rule's window (see tiers.ts), i.e.
 *    spend within [that tier's minSpend, the next tier's minSpend − 1]; 'none' = below the first
 *    tier (never-bought customers included); a name the rule no longer has matches nobody.
 */
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import {
  RESPONSIBLE_NONE,
  type LifecycleGroup,
  type LifecycleRule,
  type Period,
  type Rule,
  type RuleCondition,
} from '../../shared/contract/segments';
import { NO_TIER, type TierRule } from '../../shared/contract/tiers';
import { UNHAPPY_RATING } from '../../shared/contract/receipts';
import type { RfmSegment } from '../../shared/rfm';
import { areaKey } from '../../shared/search';
import type { CustomersTable, Database } from '../db/schema';
import { startOfLocalDay } from '../../shared/time';
import { anniversaryInstants, birthdayMonthDays, windowDates } from './calendarWindows';
import { addDays } from './localTime';

export type CustomerDb = Database & { c: CustomersTable };
export type CEB = ExpressionBuilder<CustomerDb, 'c'>;

export interface RuleEnv {
  today: string;
  timeZone: string;
  lifecycle: LifecycleRule;
  /** Customers' local keys per RFM segment, present when the tree has an rfmSegment condition. */
  rfmMembers: Map<RfmSegment, number[]> | null;
  /** The shop's tier rule, present when the tree has a tier condition. */
  tiers?: TierRule | null;
  /** The shop-local year of the earliest live purchase (null: none), present when the tree has a purchaseAnniversary condition. */
  firstPurchaseYear?: number | null;
  /** Tiers set by hand and in force today (customers' local keys), with the rule. */
  tierFloors?: { customerId: number; tier: string }[];
}

const TRUE = sql<SqlBool>`1`;
const FALSE = sql<SqlBool>`0`;

export function hasKind(rule: Rule, kind: RuleCondition['kind']): boolean {
  return rule.kind === 'group' ? rule.rules.some((r) => hasKind(r, kind)) : rule.kind === kind;
}

/** Cheap conditions first: SQLite evaluates AND/OR terms left to right and stops early. */
function cost(rule: Rule): number {
  switch (rule.kind) {
    case 'group':
      return rule.rules.reduce((a, r) => a + cost(r), 0);
    case 'gender':
    case 'consent':
    case 'age':
    case 'area':
    case 'birthday':
      return 1;
    case 'tags':
    case 'rfmSegment':
    case 'unhappy':
      return 2;
    case 'lifecycle':
      return 8;
    default:
      return 4;
  }
}

export function compileRule(eb: CEB, rule: Rule, env: RuleEnv): Expression<SqlBool> {
  if (rule.kind !== 'group') return compileCondition(eb, rule, env);
  const parts = rule.rules
    .filter((r) => r.kind !== 'group' || r.rules.length > 0)
    .sort((a, b) => cost(a) - cost(b))
    .map((r) => compileRule(eb, r, env));
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return rule.op === 'and' ? eb.and(parts) : eb.or(parts);
}

/** The instant (ms, as sales and customer_stats store times) the shop's calendar date begins. */
function dayStart(date: string, env: RuleEnv): number {
  return startOfLocalDay(date, env.timeZone).getTime();
}

/** [from, to) bounds (ms) of a period, null for an open end. */
function periodBounds(p: Period, env: RuleEnv): { from: number | null; to: number | null } {
  if (p.kind === 'all') return { from: null, to: null };
  if (p.kind === 'lastDays') return { from: lastDaysStart(p.days, env), to: null };
  return { from: dayStart(p.from, env), to: dayStart(addDays(p.to, 1), env) };
}

/** Start (ms) of the first of the last N days (today is the Nth). */
function lastDaysStart(days: number, env: RuleEnv): number {
  return dayStart(addDays(env.today, 1 - days), env);
}

/**
 * Behavioural conditions are set memberships, `c.id IN (…)` over an uncorrelated subquery that
 * SQLite materialises once per statement: all-history figures from customer_stats (kept by
 * triggers, migration 0031), period figures from one range scan of the covering index
 * sales_by_time grouped by customer. (A correlated subquery per customer costs 100k index seeks
 * per count: 0.3–2 s at 100k customers.) When 0 is inside the range, customers without any
 * purchase match too, so the condition is written as "not among those whose value is outside".
 */
function idIn(eb: CEB, set: RawBuilder<unknown>, negate = false): Expression<SqlBool> {
  // `+c.id`: the set is a filter, never the driver. Left to itself SQLite may walk a set and read
  // each member's table row instead of scanning the covering index customers_segment (0040):
  // ~1.4x slower for a count. (Unary plus changes nothing but the planner's options.)
  return negate ? sql<SqlBool>`+${eb.ref('c.id')} NOT IN (${set})` : sql<SqlBool>`+${eb.ref('c.id')} IN (${set})`;
}

function statsWhere(eb: CEB, cond: RawBuilder<unknown>, negate = false): Expression<SqlBool> {
  return idIn(eb, sql`SELECT customer_id FROM customer_stats WHERE ${cond}`, negate);
}

function rangeSql(value: RawBuilder<unknown>, min: number | null | undefined, max: number | null | undefined): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [];
  if (min != null) parts.push(sql`${value} >= ${min}`);
  if (max != null) parts.push(sql`${value} <= ${max}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/** Customers with live purchases in the bounds (from is set), grouped, kept when `having` holds. */
function periodSet(bounds: { from: number | null; to: number | null }, having: RawBuilder<unknown>): RawBuilder<unknown> {
  const to = bounds.to !== null ? sql`AND sold_at < ${bounds.to}` : sql``;
  return sql`SELECT customer_id FROM sales INDEXED BY sales_by_time WHERE sold_at >= ${bounds.from} ${to} AND voided_at IS NULL AND customer_id IS NOT NULL GROUP BY customer_id HAVING ${having}`;
}

/** visits / spend (non-voided count / total) in a period within [min, max]; never-bought = 0. */
function statInRange(
  eb: CEB,
  kind: 'visits' | 'spend',
  period: Period,
  min: number | null | undefined,
  max: number | null | undefined,
  env: RuleEnv,
): Expression<SqlBool> {
  const zeroInside = (min == null || min <= 0) && (max == null || max >= 0);
  if (period.kind === 'all') {
    const r = rangeSql(sql.ref(kind), min, max);
    return zeroInside ? statsWhere(eb, sql`NOT ${r}`, true) : statsWhere(eb, r);
  }
  const b = periodBounds(period, env);
  // A period running to now (last N days): "at least one purchase" is a last purchase since its
  // start, and "none" the opposite — read from customer_stats instead of grouping the period's
  // sales. (Totals are whole minor units ≥ 1, so spend ≥ 1 is also "at least one purchase".)
  if (b.to === null && max == null && min != null && min > 0 && min <= 1) return statsWhere(eb, sql`last_at >= ${b.from}`);
  if (b.to === null && (min == null || min <= 0) && max != null && max >= 0 && max < 1)
    return statsWhere(eb, sql`last_at >= ${b.from}`, true);
  const r = rangeSql(kind === 'visits' ? sql`count(*)` : sql`sum(total)`, min, max);
  return zeroInside ? idIn(eb, periodSet(b, sql`NOT ${r}`), true) : idIn(eb, periodSet(b, r));
}

// `value` is a one-column scalar subquery; kysely types it as a row, SQL treats it as its value.
function inRange(eb: CEB, value: Expression<unknown>, min: number | null | undefined, max: number | null | undefined): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (min != null) parts.push(eb(value as Expression<number>, '>=', min));
  if (max != null) parts.push(eb(value as Expression<number>, '<=', max));
  return parts.length === 1 ? parts[0]! : eb.and(parts);
}

/** The date `years` years before today, as a string that compares correctly with birthdays. */
function yearsAgo(today: string, years: number): string {
  return String(Number(today.slice(0, 4)) - years).padStart(4, '0') + today.slice(4);
}

export function compileCondition(eb: CEB, c: RuleCondition, env: RuleEnv): Expression<SqlBool> {
  switch (c.kind) {
    case 'age': {
      // Age ≥ A  ⇔  born on or before today A years ago; age ≤ B ⇔ born after today B+1 years ago.
      const parts: Expression<SqlBool>[] = [eb('c.birthday', 'is not', null)];
      if (c.min != null) parts.push(eb('c.birthday', '<=', yearsAgo(env.today, c.min)));
      if (c.max != null) parts.push(eb('c.birthday', '>', yearsAgo(env.today, c.max + 1)));
      return eb.and(parts);
    }
    case 'gender': {
      const known = c.in.filter((g) => g !== 'unknown');
      const parts: Expression<SqlBool>[] = [];
      if (known.length > 0) parts.push(eb('c.gender', 'in', known));
      if (c.in.includes('unknown')) parts.push(eb('c.gender', 'is', null));
      return eb.or(parts);
    }
    case 'area':
      return sql<SqlBool>`area_key(${eb.ref('c.area')}) IN (${sql.join([...new Set(c.in.map(areaKey))])})`;
    case 'visits':
    case 'spend':
      return statInRange(eb, c.kind, c.period, c.min, c.max, env);
    case 'points': {
      const balance = eb
        .selectFrom('points_ledger as p')
        .whereRef('p.customer_id', '=', 'c.id')
        .select((e) => e.fn.coalesce(e.fn.sum<number>('p.points'), sql<number>`0`).as('balance'));
      return inRange(eb, balance, c.min, c.max);
    }
    case 'firstPurchase':
    case 'lastPurchase': {
      const at = sql.ref(c.kind === 'firstPurchase' ? 'first_at' : 'last_at');
      switch (c.op) {
        case 'before':
          return statsWhere(eb, sql`${at} < ${dayStart(c.date!, env)}`);
        case 'after':
          return statsWhere(eb, sql`${at} >= ${dayStart(addDays(c.date!, 1), env)}`);
        case 'withinDays':
          return statsWhere(eb, sql`${at} >= ${lastDaysStart(c.days!, env)}`);
        case 'notWithinDays':
          return statsWhere(eb, sql`${at} < ${lastDaysStart(c.days!, env)}`);
      }
      break;
    }
    case 'rfmSegment': {
      const ids = c.in.flatMap((s) => env.rfmMembers?.get(s) ?? []);
      return eb('c.id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`);
    }
    case 'lifecycle':
      return eb.or(c.in.map((g) => lifecycleCondition(eb, g, env)));
    case 'tier':
      return tierCondition(eb, c.in, env);
    case 'tags': {
      const tags = [...new Set(c.tags)];
      const matching = eb.selectFrom(sql<{ value: string }>`json_each(${eb.ref('c.tags')})`.as('t')).where('t.value', 'in', tags);
      // tags is a JSON array written by JSON.stringify, so a customer with tag T has JSON.stringify(T)
      // in the text: a substring test first spares json_each on almost every customer (the exact
      // test still decides, since the quoted text can also occur inside another tag).
      const has = (t: string): Expression<SqlBool> => sql<SqlBool>`instr(${eb.ref('c.tags')}, ${JSON.stringify(t)}) > 0`;
      const any = eb.and([eb.or(tags.map(has)), eb.exists(matching.select(sql`1`.as('one')))]);
      if (c.op === 'any') return any;
      if (c.op === 'none') return eb.not(any);
      return eb.and([
        ...tags.map(has),
        eb(
          matching.select((e) => e.fn.count<number>('t.value').distinct().as('n')),
          '=',
          tags.length,
        ),
      ]);
    }
    case 'consent':
      return eb('c.consent_marketing', '=', c.marketing ? 1 : 0);
    case 'unhappy':
      return idIn(
        eb,
        sql`SELECT customer_id FROM feedback WHERE created_at >= ${lastDaysStart(c.days, env)} AND rating <= ${UNHAPPY_RATING}`,
      );
    case 'birthday': {
      // Birthdays are YYYY-MM-DD text: the month-day is everything after the year.
      const mds = birthdayMonthDays(windowDates(env.today, c.fromDay, c.days));
      return sql<SqlBool>`substr(${eb.ref('c.birthday')}, 6) IN (${sql.join(mds)})`;
    }
    case 'purchaseAnniversary': {
      // One range of customer_stats_first per year of history (a window over New Year stays one
      // run of days), each the exact UTC bounds of those shop days whatever the offset was then.
      const year = env.firstPurchaseYear ?? null;
      const ranges = year === null ? [] : anniversaryInstants(windowDates(env.today, c.fromDay, c.days), year, env.timeZone);
      if (ranges.length === 0) return FALSE;
      return statsWhere(
        eb,
        sql`(${sql.join(
          ranges.map((r) => sql`(first_at >= ${Date.parse(r.from)} AND first_at < ${Date.parse(r.to)})`),
          sql` OR `,
        )})`,
      );
    }
    case 'responsible': {
      const ids = c.in.filter((x) => x !== RESPONSIBLE_NONE);
      const parts: Expression<SqlBool>[] = [];
      if (ids.length > 0)
        parts.push(
          eb.exists(
            eb
              .selectFrom('customer_staff as cs')
              .whereRef('cs.customer_id', '=', 'c.id')
              .where('cs.staff_id', 'in', ids)
              .select(sql`1`.as('one')),
          ),
        );
      if (c.in.includes(RESPONSIBLE_NONE))
        parts.push(
          eb.not(
            eb.exists(
              eb
                .selectFrom('customer_staff as cs')
                .whereRef('cs.customer_id', '=', 'c.id')
                .select(sql`1`.as('one')),
            ),
          ),
        );
      return eb.or(parts);
    }
  }
  throw new Error(`unknown condition ${(c as { kind: string }).kind}`);
}

/**
 * Tiers partition the spend axis: band i is [tiers[i].minSpend, tiers[i+1].minSpend − 1], the
 * band below the first tier is 'none'. Adjacent chosen bands merge, and each merged band is one
 * window-spend range condition (one range scan of sales_by_time, see statInRange).
 */
function tierCondition(eb: CEB, names: string[], env: RuleEnv): Expression<SqlBool> {
  const tiers = env.tiers?.tiers ?? [];
  const wanted = new Set(names.map((n) => n.trim().toLowerCase()));
  // bands[0] = none, bands[i+1] = tiers[i]; each as an inclusive [min, max] (null = open).
  const bands: { chosen: boolean; min: number | null; max: number | null }[] = [
    { chosen: wanted.has(NO_TIER), min: null, max: tiers.length > 0 ? tiers[0]!.minSpend - 1 : null },
    ...tiers.map((t, i) => ({
      chosen: wanted.has(t.name.toLowerCase()),
      min: t.minSpend,
      max: i + 1 < tiers.length ? tiers[i + 1]!.minSpend - 1 : null,
    })),
  ];
  const merged: { min: number | null; max: number | null }[] = [];
  let open: { min: number | null; max: number | null } | null = null;
  for (const b of bands) {
    if (b.chosen && !(b.max !== null && b.max < 0)) {
      if (open) open.max = b.max;
      else open = { min: b.min, max: b.max };
    } else if (open) {
      merged.push(open);
      open = null;
    }
  }
  if (open) merged.push(open);
  const period: Period = { kind: 'lastDays', days: env.tiers?.windowDays ?? 365 };
  const parts = merged.map((r) => (r.min === null && r.max === null ? TRUE : statInRange(eb, 'spend', period, r.min, r.max, env)));
  const bySpend = parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : eb.or(parts);
  return withFloors(
    eb,
    bySpend,
    bands.slice(1).map((b) => b.chosen),
    period,
    env,
  );
}

/**
 * A tier set by hand lifts a customer whose spend is below it: they are in the floor's tier, and
 * no longer in the band their spend gives. `chosen[i]` says whether tiers[i] is asked for. Floors
 * are few (set one by one by the owner), so they come in as lists of ids.
 */
function withFloors(eb: CEB, bySpend: Expression<SqlBool>, chosen: boolean[], period: Period, env: RuleEnv): Expression<SqlBool> {
  const tiers = env.tiers?.tiers ?? [];
  const floors = env.tierFloors ?? [];
  if (floors.length === 0) return bySpend;
  const lifted: Expression<SqlBool>[] = [];
  const intoChosen: Expression<SqlBool>[] = [];
  tiers.forEach((t, i) => {
    const ids = floors.filter((f) => f.tier === t.name).map((f) => f.customerId);
    if (ids.length === 0) return;
    const e = eb.and([
      eb('c.id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`),
      statInRange(eb, 'spend', period, null, t.minSpend - 1, env),
    ]);
    lifted.push(e);
    if (chosen[i]) intoChosen.push(e);
  });
  if (lifted.length === 0) return bySpend;
  return eb.or([eb.and([bySpend, eb.not(eb.or(lifted))]), ...intoChosen]);
}

/**
 * Lifecycle groups partition every (non-erased) customer; the first that applies wins:
 *  1. never_bought — no non-voided purchase at all;
 *  2. new       — first purchase within the last newDays days;
 *  3. lapsed    — no purchase within the last lapsedDays days;
 *  4. loyal     — at least loyalVisits purchases within the last loyalWindowDays days;
 *  5. returning — everyone else (bought before the "new" period and recently enough).
 */
export function lifecycleCondition(eb: CEB, group: LifecycleGroup, env: RuleEnv): Expression<SqlBool> {
  const r = env.lifecycle;
  const newFrom = lastDaysStart(r.newDays, env);
  const activeFrom = lastDaysStart(r.lapsedDays, env);
  const loyalFrom = lastDaysStart(r.loyalWindowDays, env);
  const bought = idIn(eb, sql`SELECT customer_id FROM customer_stats`);
  const notNew = statsWhere(eb, sql`first_at < ${newFrom}`);
  const active = statsWhere(eb, sql`last_at >= ${activeFrom}`);
  const loyalVisits = idIn(eb, periodSet({ from: loyalFrom, to: null }, sql`count(*) >= ${r.loyalVisits}`));
  switch (group) {
    case 'never_bought':
      return eb.not(bought);
    case 'new':
      return statsWhere(eb, sql`first_at >= ${newFrom}`);
    case 'lapsed':
      return eb.and([notNew, statsWhere(eb, sql`last_at < ${activeFrom}`)]);
    case 'loyal':
      return eb.and([notNew, active, loyalVisits]);
    case 'returning':
      return eb.and([notNew, active, eb.not(loyalVisits)]);
  }
}
