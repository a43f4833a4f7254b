/**
 * The dashboard's figures for a period [from, to] of shop days. Each bucket is the UTC range of
 * its shop days, counted by one range scan of the covering index sales_live_sold; the top list
 * and Pareto come from one chunked pass over customer_stats in key order, summing each buyer's
 * period by a seek in sales_customer_sold (or customer_stats alone when the period holds every
 * purchase).
 * "New" in a bucket = the customer's first non-voided purchase ever falls in that bucket (and in
 * the period); "returning" = bought in the bucket and had bought before the bucket.
 */
import { sql } from 'kysely';
import type { Dashboard, DashboardBucket, Granularity } from '../../shared/contract/reports';
import { MAX_DASHBOARD_BUCKETS } from '../../shared/contract/reports';
import { AppError } from '../../shared/errors';
import type { Ctx } from './context';
import { addDays, dayNumberOfDate, localDayStartIso } from './localTime';
import { computeRfm, summarise } from './rfm';
import { getSettings } from './settings';

/** The bucket key of a shop-local date (YYYY-MM-DD), in TypeScript — mirrors bucketSql. */
function bucketOf(date: string, g: Granularity): string {
  if (g === 'day') return date;
  if (g === 'month') return date.slice(0, 7);
  const weekday = (dayNumberOfDate(date) + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  return addDays(date, -weekday);
}

function emptyBuckets(from: string, to: string, g: Granularity): DashboardBucket[] {
  const out: DashboardBucket[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const key = bucketOf(d, g);
    const last = out[out.length - 1];
    if (last && last.key === key) last.to = d;
    else {
      if (out.length >= MAX_DASHBOARD_BUCKETS) {
        throw new AppError('VALIDATION', `The period has more than ${MAX_DASHBOARD_BUCKETS} ${g}s; pick a shorter period or a coarser granularity.`, { field: 'granularity' });
      }
      out.push({ key, from: d, to: d, revenue: 0, visits: 0, averageBasket: 0, newCustomers: 0, returningCustomers: 0 });
    }
  }
  return out;
}

const basket = (revenue: number, visits: number): number => (visits === 0 ? 0 : Math.round(revenue / visits));

interface CustomerRow {
  customer_id: string;
  n: number;
  rev: number;
}

/** Customers per synchronous query of the top list / Pareto pass. */
const CUSTOMER_CHUNK = 10_000;

/** Lets the counter's calls (swipe, record sale) run between the dashboard's queries. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function dashboard(ctx: Ctx, input: { from: string; to: string; granularity: Granularity; top: number }): Promise<Dashboard> {
  const { timeZone } = await getSettings(ctx.db);
  const g = input.granularity;
  const buckets = emptyBuckets(input.from, input.to, g);
  const fromIso = localDayStartIso(input.from, timeZone);
  const toIso = localDayStartIso(addDays(input.to, 1), timeZone);
  const db = ctx.db;

  // Per bucket: one range scan of the covering index sales_live_sold (no table reads, no date
  // arithmetic per sale), yielding between buckets. New customers are those whose first
  // purchase ever (customer_stats, migration 0031) falls in the bucket.
  let revenue = 0;
  let visits = 0;
  let walkInRevenue = 0;
  let freshInPeriod = 0;
  for (const b of buckets) {
    const lo = localDayStartIso(b.from, timeZone);
    const hi = localDayStartIso(addDays(b.to, 1), timeZone);
    const r = await sql<{ n: number; rev: number | null; walk: number | null; buyers: number; fresh: number }>`
      SELECT count(*) AS n, sum(total) AS rev, sum(CASE WHEN customer_id IS NULL THEN total END) AS walk,
        count(DISTINCT customer_id) AS buyers,
        (SELECT count(*) FROM customer_stats WHERE first_at >= ${lo} AND first_at < ${hi}) AS fresh
      FROM sales INDEXED BY sales_live_sold WHERE sold_at >= ${lo} AND sold_at < ${hi} AND voided_at IS NULL`.execute(db);
    const row = r.rows[0]!;
    b.revenue = Number(row.rev ?? 0);
    b.visits = Number(row.n);
    b.newCustomers = Number(row.fresh);
    b.returningCustomers = Number(row.buyers) - b.newCustomers;
    b.averageBasket = basket(b.revenue, b.visits);
    revenue += b.revenue;
    visits += b.visits;
    walkInRevenue += Number(row.walk ?? 0);
    freshInPeriod += b.newCustomers;
    if (buckets.length > 1) await nextTurn();
  }

  // Known customers' spend in the period: one pass in customer order, in chunks that yield, keeping
  // the top list (a bounded insertion list) and the spends (a numeric array for the Pareto) only.
  // When the period holds every live purchase that is customer_stats as it stands; otherwise each
  // customer who bought between the period's ends (customer_stats' first and last purchase) is
  // summed by a seek in sales_customer_sold. Walking customer_stats in key order means no
  // GROUP BY sort of the period's sales by their 36-character customer ids.
  const outside = await sql<{ one: number }>`
    SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM sales WHERE sold_at < ${fromIso} AND voided_at IS NULL)
      OR EXISTS (SELECT 1 FROM sales WHERE sold_at >= ${toIso} AND voided_at IS NULL)`.execute(db);
  const whole = outside.rows.length === 0;
  const topN = Math.max(0, input.top);
  const top: CustomerRow[] = [];
  let spends = new Float64Array(1024);
  let buyersInPeriod = 0;
  let after = '';
  for (;;) {
    const chunk = whole
      ? await sql<CustomerRow>`
          SELECT customer_id, visits AS n, spend AS rev FROM customer_stats
          WHERE customer_id > ${after} ORDER BY customer_id LIMIT ${CUSTOMER_CHUNK}`.execute(db)
      : await sql<CustomerRow>`
          SELECT st.customer_id, count(*) AS n, sum(s.total) AS rev
          FROM customer_stats st CROSS JOIN sales s INDEXED BY sales_customer_sold
          WHERE st.customer_id > ${after} AND st.last_at >= ${fromIso} AND st.first_at < ${toIso}
            AND s.customer_id = st.customer_id AND s.sold_at >= ${fromIso} AND s.sold_at < ${toIso} AND s.voided_at IS NULL
          GROUP BY st.customer_id ORDER BY st.customer_id LIMIT ${CUSTOMER_CHUNK}`.execute(db);
    const rows = chunk.rows;
    if (rows.length === 0) break;
    if (buyersInPeriod + rows.length > spends.length) {
      const grown = new Float64Array(Math.max(spends.length * 2, buyersInPeriod + rows.length));
      grown.set(spends);
      spends = grown;
    }
    for (const row of rows) {
      const rev = Number(row.rev);
      spends[buyersInPeriod++] = rev;
      // Rows arrive in ascending id order, so among equal spends the earlier one stays ahead.
      if (top.length < topN || rev > Number(top[top.length - 1]!.rev)) {
        let at = top.length;
        while (at > 0 && rev > Number(top[at - 1]!.rev)) at--;
        top.splice(at, 0, row);
        if (top.length > topN) top.pop();
      }
    }
    after = rows[rows.length - 1]!.customer_id;
    await nextTurn();
  }
  // Descending spends for the Pareto: a native numeric sort, then reversed in place.
  const spendsDesc = spends.subarray(0, buyersInPeriod).sort().reverse();

  const names = top.length
    ? await db.selectFrom('customers').select(['id', 'code', 'full_name']).where('id', 'in', top.map((r) => r.customer_id)).execute()
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
    rfm: {
      asOf: rfm.asOf,
      customers: rfm.customers,
      segments: rfm.segments.map((s) => ({ segment: s.segment, size: s.size, revenueShare: s.revenueShare })),
    },
    topCustomers: top.map((r) => ({
      id: r.customer_id,
      code: nameOf.get(r.customer_id)?.code ?? '',
      fullName: nameOf.get(r.customer_id)?.full_name ?? '',
      revenue: Number(r.rev),
      visits: Number(r.n),
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
  const curve = n === 0 ? [] : Array.from({ length: steps + 1 }, (_, i) => {
    const k = Math.round((i * n) / steps);
    return { customerShare: k / n, revenueShare: share(k) };
  });
  return { customers: n, topCount, top20Share: share(topCount), curve };
}
