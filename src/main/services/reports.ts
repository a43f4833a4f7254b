/**
 * The dashboard's figures for a period [from, to] of shop days. Each bucket is the range of
 * instants (ms, as sales.sold_at) of its shop days, counted by one range scan of the covering index sales_by_time; the top list
 * and Pareto come from each buyer's spend in the period (or the stats snapshot when the period
 * holds every purchase). Bucket counts and period spends are kept between calls and recounted
 * only where something changed (derived.ts): after a sale at the counter, today's bucket and
 * that customer.
 * "New" in a bucket = the customer's first non-voided purchase ever falls in that bucket (and in
 * the period); "returning" = bought in the bucket and had bought before the bucket.
 */
import { sql } from 'kysely';
import type { Dashboard, DashboardBucket, Granularity } from '../../shared/contract/reports';
import { MAX_DASHBOARD_BUCKETS } from '../../shared/contract/reports';
import { AppError } from '../../shared/errors';
import { nextTurn, type Ctx, type Tx } from './context';
import { satisfactionIn } from './feedback';
import { CHANGE_LIMIT, derived, type ChangeSet, type DerivedCache } from './derived';
import { readIntegers } from './integerList';
import { apiId, isoOf } from './keys';
import { addDays, dateOfDayNumber, dayNumberOfDate } from './localTime';
import { computeRfm, summarise } from './rfm';
import { getSettings } from './settings';
import { startOfLocalDay } from '../../shared/time';

/** The instant (ms) the shop's calendar date begins. */
const dayStartMs = (date: string, timeZone: string): number => startOfLocalDay(date, timeZone).getTime();

/** The bucket key of a shop-local date (YYYY-MM-DD), in TypeScript — mirrors bucketSql. */
function bucketOf(date: string, g: Granularity): string {
  if (g === 'day') return date;
  if (g === 'month') return date.slice(0, 7);
  const weekday = (dayNumberOfDate(date) + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  return addDays(date, -weekday);
}

/**
 * Every bucket of [from, to], zero-filled. The walk counts day numbers, not date strings: past
 * year 9999 a date string grows a sixth digit and compares as "before" the end, which once spun
 * this loop forever; it also stops at the bucket limit whatever the dates.
 */
export function emptyBuckets(from: string, to: string, g: Granularity): DashboardBucket[] {
  const out: DashboardBucket[] = [];
  const firstDay = dayNumberOfDate(from);
  const lastDay = dayNumberOfDate(to);
  if (!Number.isFinite(firstDay) || !Number.isFinite(lastDay)) {
    throw new AppError('VALIDATION', 'The period is not a valid pair of dates.', { field: 'from' });
  }
  for (let n = firstDay; n <= lastDay; n++) {
    const d = dateOfDayNumber(n);
    const key = bucketOf(d, g);
    const last = out[out.length - 1];
    if (last && last.key === key) last.to = d;
    else {
      if (out.length >= MAX_DASHBOARD_BUCKETS) {
        throw new AppError(
          'VALIDATION',
          `The period has more than ${MAX_DASHBOARD_BUCKETS} ${g}s; pick a shorter period or a coarser granularity.`,
          { field: 'granularity' },
        );
      }
      out.push({ key, from: d, to: d, revenue: 0, visits: 0, averageBasket: 0, newCustomers: 0, returningCustomers: 0 });
    }
  }
  return out;
}

const basket = (revenue: number, visits: number): number => (visits === 0 ? 0 : Math.round(revenue / visits));

interface CustomerRow {
  customer_id: number;
  n: number;
  rev: number;
}

interface BucketRow {
  n: number;
  rev: number | null;
  walk: number | null;
  buyers: number;
  fresh: number;
}

/** Customers per synchronous query of the period pass. */
const CUSTOMER_CHUNK = 10_000;

/** Bounds on what the caches keep: buckets of any periods looked at, a few periods' spends. */
const MAX_CACHED_BUCKETS = 5_000;
const MAX_CACHED_PERIODS = 4;

/**
 * Counts per bucket (a range [lo, hi) of ms), kept until a change touches the range: a sale dated in
 * it, or a first purchase moving into or out of it. A sale at the counter touches today only.
 */
class BucketCache implements DerivedCache {
  readonly rows = new Map<string, BucketRow>();
  apply(changes: ChangeSet | null): void {
    if (changes === null || this.rows.size > MAX_CACHED_BUCKETS) {
      this.rows.clear();
      return;
    }
    if (changes.instants.length === 0) return;
    for (const key of [...this.rows.keys()]) {
      const [lo, hi] = key.split('|').map(Number) as [number, number];
      if (changes.instants.some((t) => t >= lo && t < hi)) this.rows.delete(key);
    }
  }
}

/** Each buyer's visits and spend in a period; changed customers are recounted when next read. */
interface PeriodSpend {
  byCustomer: Map<number, { n: number; rev: number }>;
  dirty: Set<number>;
}

class PeriodCache implements DerivedCache {
  readonly periods = new Map<string, PeriodSpend>();
  apply(changes: ChangeSet | null): void {
    if (changes === null) {
      this.periods.clear();
      return;
    }
    for (const [key, p] of this.periods) {
      for (const c of changes.customers) p.dirty.add(c);
      if (p.dirty.size > CHANGE_LIMIT) this.periods.delete(key);
    }
  }
}

async function countBucket(db: Tx, lo: number, hi: number): Promise<BucketRow> {
  const r = await sql<BucketRow>`
    SELECT count(*) AS n, sum(total) AS rev, sum(CASE WHEN customer_id IS NULL THEN total END) AS walk,
      count(DISTINCT customer_id) AS buyers,
      (SELECT count(*) FROM customer_stats WHERE first_at >= ${lo} AND first_at < ${hi}) AS fresh
    FROM sales INDEXED BY sales_by_time WHERE sold_at >= ${lo} AND sold_at < ${hi} AND voided_at IS NULL`.execute(db);
  return r.rows[0]!;
}

/** Each customer's visits and spend summed over buckets, in arrays indexed by the integer key. */
interface PeriodTally {
  n: Int32Array;
  rev: Float64Array;
  /** The last bucket (1-based) each customer was counted in: distinct buyers without a temp B-tree. */
  seenIn: Int32Array;
  buckets: number;
}

async function newTally(db: Tx): Promise<PeriodTally> {
  const r = await sql<{ top: number | null }>`SELECT max(id) AS top FROM customers`.execute(db);
  const size = Number(r.rows[0]?.top ?? 0) + 1;
  return { n: new Int32Array(size), rev: new Float64Array(size), seenIn: new Int32Array(size), buckets: 0 };
}

/**
 * A bucket's counts and, into the tally, each buyer's visits and spend in it: the same range scan
 * as countBucket, with the known customers' sales handed over as two lists (one row, scanned
 * here) instead of count(DISTINCT) in SQLite. Over every bucket of a period this replaces the
 * per-customer period pass (loadPeriod): one scan of the period's sales instead of two.
 */
async function scanBucket(db: Tx, lo: number, hi: number, tally: PeriodTally): Promise<BucketRow> {
  const r = await sql<Omit<BucketRow, 'buyers'> & { known: number; ids: string | null; totals: string | null }>`
    SELECT count(*) AS n, sum(total) AS rev, sum(CASE WHEN customer_id IS NULL THEN total END) AS walk, count(customer_id) AS known,
      group_concat(customer_id) AS ids, group_concat(total) FILTER (WHERE customer_id IS NOT NULL) AS totals,
      (SELECT count(*) FROM customer_stats WHERE first_at >= ${lo} AND first_at < ${hi}) AS fresh
    FROM sales INDEXED BY sales_by_time WHERE sold_at >= ${lo} AND sold_at < ${hi} AND voided_at IS NULL`.execute(db);
  const row = r.rows[0]!;
  const ids = new Int32Array(row.known);
  const totals = new Float64Array(row.known);
  readIntegers(row.ids ?? '', ids, 0);
  readIntegers(row.totals ?? '', totals, 0);
  const mark = ++tally.buckets;
  let buyers = 0;
  for (let i = 0; i < ids.length; i++) {
    const c = ids[i]!;
    tally.n[c]!++;
    tally.rev[c]! += totals[i]!;
    if (tally.seenIn[c] !== mark) {
      tally.seenIn[c] = mark;
      buyers++;
    }
  }
  return { n: row.n, rev: row.rev, walk: row.walk, fresh: row.fresh, buyers };
}

/** The tally as a period's spends, in customer key order (as loadPeriod reads them). */
function periodOf(tally: PeriodTally): PeriodSpend {
  const byCustomer = new Map<number, { n: number; rev: number }>();
  for (let c = 0; c < tally.n.length; c++) if (tally.n[c]! > 0) byCustomer.set(c, { n: tally.n[c]!, rev: tally.rev[c]! });
  return { byCustomer, dirty: new Set() };
}

/**
 * Every buyer's visits and spend in [fromMs, toMs): one pass over customer_stats in key order,
 * in chunks that yield, each customer who bought between the period's ends summed by a seek in
 * sales_customer_sold (no GROUP BY sort of the period's sales by customer).
 */
async function loadPeriod(db: Tx, fromMs: number, toMs: number): Promise<PeriodSpend> {
  const byCustomer = new Map<number, { n: number; rev: number }>();
  let after = 0;
  for (;;) {
    const chunk = await sql<CustomerRow>`
      SELECT st.customer_id, count(*) AS n, sum(s.total) AS rev
      FROM customer_stats st CROSS JOIN sales s INDEXED BY sales_customer_sold
      WHERE st.customer_id > ${after} AND st.last_at >= ${fromMs} AND st.first_at < ${toMs}
        AND s.customer_id = st.customer_id AND s.sold_at >= ${fromMs} AND s.sold_at < ${toMs} AND s.voided_at IS NULL
      GROUP BY st.customer_id ORDER BY st.customer_id LIMIT ${CUSTOMER_CHUNK}`.execute(db);
    for (const row of chunk.rows) byCustomer.set(Number(row.customer_id), { n: Number(row.n), rev: Number(row.rev) });
    if (chunk.rows.length < CUSTOMER_CHUNK) break;
    after = Number(chunk.rows[chunk.rows.length - 1]!.customer_id);
    await nextTurn();
  }
  return { byCustomer, dirty: new Set() };
}

async function recountDirty(db: Tx, p: PeriodSpend, fromMs: number, toMs: number): Promise<void> {
  if (p.dirty.size === 0) return;
  const ids = [...p.dirty];
  p.dirty.clear();
  const r = await sql<CustomerRow>`
    SELECT customer_id, count(*) AS n, sum(total) AS rev FROM sales INDEXED BY sales_customer_sold
    WHERE customer_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
      AND sold_at >= ${fromMs} AND sold_at < ${toMs} AND voided_at IS NULL
    GROUP BY customer_id`.execute(db);
  for (const id of ids) p.byCustomer.delete(id);
  for (const row of r.rows) p.byCustomer.set(Number(row.customer_id), { n: Number(row.n), rev: Number(row.rev) });
}

/** Higher spend first; equal spends by customer key, ascending. */
function ahead(a: CustomerRow, b: CustomerRow): boolean {
  return a.rev > b.rev || (a.rev === b.rev && a.customer_id < b.customer_id);
}

/** The top list (a bounded insertion list) and every spend, descending, for the Pareto. */
function rank(
  each: (visit: (id: number, n: number, rev: number) => void) => void,
  count: number,
  topN: number,
): { top: CustomerRow[]; spendsDesc: Float64Array } {
  const top: CustomerRow[] = [];
  const spends = new Float64Array(count);
  let i = 0;
  each((customer_id, n, rev) => {
    spends[i++] = rev;
    const row = { customer_id, n, rev };
    if (top.length < topN || ahead(row, top[top.length - 1]!)) {
      let at = top.length;
      while (at > 0 && ahead(row, top[at - 1]!)) at--;
      top.splice(at, 0, row);
      if (top.length > topN) top.pop();
    }
  });
  // A native numeric sort, then reversed in place.
  return { top, spendsDesc: spends.subarray(0, i).sort().reverse() };
}

export async function dashboard(ctx: Ctx, input: { from: string; to: string; granularity: Granularity; top: number }): Promise<Dashboard> {
  const { timeZone } = await getSettings(ctx.db);
  const g = input.granularity;
  const buckets = emptyBuckets(input.from, input.to, g);
  const fromMs = dayStartMs(input.from, timeZone);
  const toMs = dayStartMs(addDays(input.to, 1), timeZone);
  const db = ctx.db;
  const d = await derived(db);
  const bucketCache = d.cache('dashboard.buckets', () => new BucketCache());
  const periodCache = d.cache('dashboard.periods', () => new PeriodCache());

  // Known customers' spend in the period, for the top list and the Pareto. When the period holds
  // every live purchase that is the stats snapshot as it stands; otherwise the period's per-buyer
  // sums, kept between calls with changed customers recounted.
  const outside = await sql<{ one: number }>`
    SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM sales WHERE sold_at < ${fromMs} AND voided_at IS NULL)
      OR EXISTS (SELECT 1 FROM sales WHERE sold_at >= ${toMs} AND voided_at IS NULL)`.execute(db);
  const periodKey = `${fromMs}|${toMs}`;
  // A period not kept yet is summed from the bucket scans below (every bucket scanned, cached or not).
  const tally = outside.rows.length > 0 && !periodCache.periods.has(periodKey) ? await newTally(db) : null;

  // Per bucket: one range scan of the covering index sales_by_time (no table reads, no date
  // arithmetic per sale), yielding between buckets; kept until a change touches it. New customers
  // are those whose first purchase ever (customer_stats, migration 0031) falls in the bucket.
  let revenue = 0;
  let visits = 0;
  let walkInRevenue = 0;
  let freshInPeriod = 0;
  for (const b of buckets) {
    const lo = dayStartMs(b.from, timeZone);
    const hi = dayStartMs(addDays(b.to, 1), timeZone);
    const key = `${lo}|${hi}`;
    let row = tally ? undefined : bucketCache.rows.get(key);
    if (!row) {
      row = tally ? await scanBucket(db, lo, hi, tally) : await countBucket(db, lo, hi);
      bucketCache.rows.set(key, row);
      if (buckets.length > 1) await nextTurn();
    }
    b.revenue = Number(row.rev ?? 0);
    b.visits = Number(row.n);
    b.newCustomers = Number(row.fresh);
    b.returningCustomers = Number(row.buyers) - b.newCustomers;
    b.averageBasket = basket(b.revenue, b.visits);
    revenue += b.revenue;
    visits += b.visits;
    walkInRevenue += Number(row.walk ?? 0);
    freshInPeriod += b.newCustomers;
  }

  const topN = Math.max(0, input.top);
  let ranked: ReturnType<typeof rank>;
  if (outside.rows.length === 0) {
    const snap = await d.snapshot();
    ranked = rank(
      (visit) => {
        for (let i = 0; i < snap.ids.length; i++) visit(snap.ids[i]!, snap.visits[i]!, snap.spend[i]!);
      },
      snap.ids.length,
      topN,
    );
  } else {
    let period = periodCache.periods.get(periodKey);
    if (!period) {
      period = tally ? periodOf(tally) : await loadPeriod(db, fromMs, toMs);
      if (periodCache.periods.size >= MAX_CACHED_PERIODS) periodCache.periods.delete(periodCache.periods.keys().next().value!);
      periodCache.periods.set(periodKey, period);
    }
    await recountDirty(db, period, fromMs, toMs);
    const byCustomer = period.byCustomer;
    ranked = rank(
      (visit) => {
        for (const [id, v] of byCustomer) visit(id, v.n, v.rev);
      },
      byCustomer.size,
      topN,
    );
  }
  const { top, spendsDesc } = ranked;
  const buyersInPeriod = spendsDesc.length;

  const names = top.length
    ? await db
        .selectFrom('customers')
        .select(['id', 'gid', 'code', 'full_name'])
        .where(
          'id',
          'in',
          top.map((r) => r.customer_id),
        )
        .execute()
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n]));

  const rfm = summarise(await computeRfm(db, timeZone, { asOf: input.to, windowFrom: null }));
  return {
    from: input.from,
    to: input.to,
    granularity: g,
    totals: {
      revenue,
      visits,
      averageBasket: basket(revenue, visits),
      customers: buyersInPeriod,
      newCustomers: freshInPeriod,
      returningCustomers: buyersInPeriod - freshInPeriod,
      walkInRevenue,
    },
    buckets,
    satisfaction: await satisfactionIn(db, isoOf(fromMs), isoOf(toMs)),
    rfm: {
      asOf: rfm.asOf,
      customers: rfm.customers,
      segments: rfm.segments.map((s) => ({ segment: s.segment, size: s.size, revenueShare: s.revenueShare })),
    },
    topCustomers: top.map((r) => ({
      id: apiId(nameOf.get(r.customer_id)!.gid),
      code: nameOf.get(r.customer_id)?.code ?? '',
      fullName: nameOf.get(r.customer_id)?.full_name ?? '',
      revenue: r.rev,
      visits: r.n,
    })),
    pareto: pareto(spendsDesc),
  };
}

/** Spends sorted descending → the top-20% share and a curve of at most 101 points. */
export function pareto(spendsDesc: ArrayLike<number>): Dashboard['pareto'] {
  const n = spendsDesc.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += spendsDesc[i]!;
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + spendsDesc[i]!;
  const topCount = Math.ceil(n * 0.2);
  const share = (k: number): number => (total === 0 ? 0 : cumulative[k]! / total);
  const steps = Math.min(n, 100);
  const curve =
    n === 0
      ? []
      : Array.from({ length: steps + 1 }, (_, i) => {
          const k = Math.round((i * n) / steps);
          return { customerShare: k / n, revenueShare: share(k) };
        });
  return { customers: n, topCount, top20Share: share(topCount), curve };
}
