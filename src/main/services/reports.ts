/**
 * The dashboard's figures for a period [from, to] of shop days. Sales are bucketed by their
 * shop-local date in SQL (bound offset modifiers, see localTime.ts) in one GROUP BY (bucket,
 * customer) pass; buckets, the top list and Pareto are summed from it here.
 * "New" in a bucket = the customer's first non-voided purchase ever falls in that bucket (and in
 * the period); "returning" = bought in the bucket and had bought before the bucket.
 */
import { sql, type Expression } from 'kysely';
import type { Dashboard, DashboardBucket, Granularity } from '../../shared/contract/reports';
import { MAX_DASHBOARD_BUCKETS } from '../../shared/contract/reports';
import { AppError } from '../../shared/errors';
import type { Ctx } from './context';
import { addDays, dayNumberOfDate, localDateSql, localDayStartIso, offsetSpans, type OffsetSpan } from './localTime';
import { computeRfm, summarise } from './rfm';
import { getSettings } from './settings';

/** The bucket key of a shop-local date (YYYY-MM-DD), in TypeScript — mirrors bucketSql. */
function bucketOf(date: string, g: Granularity): string {
  if (g === 'day') return date;
  if (g === 'month') return date.slice(0, 7);
  const weekday = (dayNumberOfDate(date) + 3) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  return addDays(date, -weekday);
}

function bucketSql(column: Expression<string>, spans: OffsetSpan[], g: Granularity) {
  const day = localDateSql(column, spans);
  if (g === 'day') return day;
  if (g === 'month') return sql<string>`substr(${day}, 1, 7)`;
  return sql<string>`date(${day}, 'weekday 0', '-6 days')`; // the Monday of its ISO week
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

export async function dashboard(ctx: Ctx, input: { from: string; to: string; granularity: Granularity; top: number }): Promise<Dashboard> {
  const { timeZone } = await getSettings(ctx.db);
  const g = input.granularity;
  const buckets = emptyBuckets(input.from, input.to, g);
  const fromIso = localDayStartIso(input.from, timeZone);
  const toIso = localDayStartIso(addDays(input.to, 1), timeZone);
  const spans = offsetSpans(Date.parse(fromIso), Date.parse(toIso), timeZone);
  const db = ctx.db;
  const inPeriod = db
    .selectFrom('sales as s')
    .where('s.voided_at', 'is', null)
    .where('s.sold_at', '>=', fromIso)
    .where('s.sold_at', '<', toIso);

  // One pass: (bucket, customer) groups of the period; walk-ins form the customer-null groups.
  const groups = await inPeriod
    .select((eb) => [
      bucketSql(eb.ref('s.sold_at'), spans, g).as('b'),
      's.customer_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('s.total').as('rev'),
    ])
    .groupBy(['b', 's.customer_id'])
    .execute();
  // Buyers of the period with no purchase before it: their first purchase ever is in the period.
  const firstTimers = await db
    .selectFrom(inPeriod.where('s.customer_id', 'is not', null).select('s.customer_id').distinct().as('x'))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sales as p')
            .whereRef('p.customer_id', '=', 'x.customer_id')
            .where('p.sold_at', '<', fromIso)
            .where('p.voided_at', 'is', null)
            .select(sql`1`.as('one')),
        ),
      ),
    )
    .select('x.customer_id')
    .execute();
  const isNew = new Set(firstTimers.map((r) => r.customer_id!));

  const index = new Map(buckets.map((b, i) => [b.key, i]));
  const perCustomer = new Map<string, { rev: number; n: number; firstBucket: number }>();
  let revenue = 0;
  let visits = 0;
  let walkInRevenue = 0;
  for (const r of groups) {
    const bi = index.get(r.b)!;
    const b = buckets[bi]!;
    const rev = Number(r.rev);
    const n = Number(r.n);
    b.revenue += rev;
    b.visits += n;
    revenue += rev;
    visits += n;
    if (r.customer_id === null) {
      walkInRevenue += rev;
      continue;
    }
    const c = perCustomer.get(r.customer_id);
    if (c) {
      c.rev += rev;
      c.n += n;
      c.firstBucket = Math.min(c.firstBucket, bi);
    } else perCustomer.set(r.customer_id, { rev, n, firstBucket: bi });
  }
  // Second sweep once each customer's first bucket of the period is known.
  for (const r of groups) {
    if (r.customer_id === null) continue;
    const bi = index.get(r.b)!;
    if (isNew.has(r.customer_id) && perCustomer.get(r.customer_id)!.firstBucket === bi) buckets[bi]!.newCustomers++;
    else buckets[bi]!.returningCustomers++;
  }
  for (const b of buckets) b.averageBasket = basket(b.revenue, b.visits);
  const customerRows = [...perCustomer.entries()]
    .map(([customer_id, c]) => ({ customer_id, rev: c.rev, n: c.n }))
    .sort((a, b) => b.rev - a.rev || (a.customer_id < b.customer_id ? -1 : 1));

  const top = customerRows.slice(0, input.top);
  const names = top.length
    ? await db.selectFrom('customers').select(['id', 'code', 'full_name']).where('id', 'in', top.map((r) => r.customer_id)).execute()
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n]));

  const rfm = summarise(await computeRfm(db, timeZone, { asOf: input.to, windowFrom: null }));
  const buyersInPeriod = perCustomer.size;
  const freshInPeriod = isNew.size;
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
    pareto: pareto(customerRows.map((r) => Number(r.rev))),
  };
}

/** Spends sorted descending → the top-20% share and a curve of at most 101 points. */
export function pareto(spendsDesc: number[]): Dashboard['pareto'] {
  const n = spendsDesc.length;
  const total = spendsDesc.reduce((a, b) => a + b, 0);
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
