/**
 * RFM over the customers who bought in a window ending on an "as of" day (see shared/rfm.ts for
 * the scoring convention). The heavy part — one GROUP BY customer over the covering index
 * sales(customer_id, sold_at, total, voided_at) — runs in SQLite; quantiles run here.
 *
 * Conventions: the window is [start of windowFrom, end of asOf] in the shop's time zone (no
 * windowFrom = all history); voided sales and walk-ins do not count. Erased customers count
 * (issue 17): their record is anonymised, so scoring it profiles no one, and erasing a person must
 * leave the shop's figures as they were; campaigns and exports still leave them out. A merged
 * duplicate has no purchases left (they moved to the survivor). Recency is the number of shop
 * calendar days from the last purchase to asOf (0 = bought on the as-of day).
 * Results are cached per database until the next write (change_log or a new sale/customer).
 */
import { sql, type Kysely } from 'kysely';
import { RFM_SEGMENTS, rfmSegmentOf, scoreMetric, tieOrder, type RfmMethod, type RfmSegment } from '../../shared/rfm';

/** The segment of each (r, f) pair, at (r − 1)·5 + f − 1, as a position in RFM_SEGMENTS. */
const RFM_SEGMENT_CODE = Uint8Array.from({ length: 25 }, (_, k) => RFM_SEGMENTS.indexOf(rfmSegmentOf(Math.floor(k / 5) + 1, (k % 5) + 1)));
import type { RfmCustomer, RfmMember, RfmMemberSort, RfmScored, RfmSegmentStats, RfmSummary } from '../../shared/contract/segments';
import { AppError } from '../../shared/errors';
import type { Database } from '../db/schema';
import { nextTurn, type Tx } from './context';
import { addDays, dayNumberOfDate, localDayNumber, offsetSpans } from './localTime';
import { derived, type ChangeSet, type Derived, type DerivedCache, type StatsSnapshot } from './derived';
import { apiId, isoOf, storedGid } from './keys';
import { localDate, startOfLocalDay } from '../../shared/time';

export interface RfmOptions {
  asOf: string;
  windowFrom: string | null;
}

/** Column-wise results: index i is one customer; arrays keep 100k customers cheap. */
export interface RfmResult {
  asOf: string;
  windowFrom: string | null;
  /** Customers' local keys (the API's ids are read for the few shown). */
  ids: number[];
  codes: string[];
  recencyDays: Int32Array;
  frequency: Int32Array;
  monetary: Float64Array;
  /** Last purchase, ms. */
  lastPurchaseMs: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  segment: RfmSegment[];
  /** The segment's position in RFM_SEGMENTS. */
  segmentCode: Uint8Array;
  indexOf: Map<number, number>;
  methods: { recency: RfmMethod; frequency: RfmMethod; monetary: RfmMethod };
  edges: { recency: number[]; frequency: number[]; monetary: number[] };
}

/** RFM results by time zone, as-of day and window; dropped when any customer's data changes. */
class RfmCache implements DerivedCache {
  readonly results = new Map<string, RfmResult>();
  apply(changes: ChangeSet | null): void {
    if (changes === null || changes.customers.size > 0) this.results.clear();
  }
}

export function todayIn(now: Date, timeZone: string): string {
  return localDate(now, timeZone);
}

export async function computeRfm(db: Kysely<Database>, timeZone: string, opts: RfmOptions): Promise<RfmResult> {
  if (opts.windowFrom !== null && opts.windowFrom > opts.asOf) {
    throw new AppError('VALIDATION', 'The window must start on or before the as-of date.', { field: 'windowFrom' });
  }
  const d = await derived(db);
  const cache = d.cache('rfm', () => new RfmCache());
  const key = `${timeZone}|${opts.asOf}|${opts.windowFrom ?? ''}`;
  const hit = cache.results.get(key);
  if (hit) return hit;
  const result = await computeUncached(db, d, timeZone, opts);
  if (cache.results.size >= 4) cache.results.delete(cache.results.keys().next().value!);
  cache.results.set(key, result);
  return result;
}

interface PerCustomerRow {
  id: number;
  code: string;
  n: number;
  spend: number;
  last: number;
}

/** Per-customer count, spend and last purchase (ms), column-wise, in customer code order; the arrays are the result's own. */
interface Inputs {
  ids: number[];
  codes: string[];
  visits: Int32Array;
  spend: Float64Array;
  lastMs: Float64Array;
}

/** The instant (ms) the shop's calendar date begins. */
const dayStartMs = (date: string, timeZone: string): number => startOfLocalDay(date, timeZone).getTime();

function inputsOf(rows: PerCustomerRow[]): Inputs {
  // Code order is the tie break of rank(method="first"). (ORDER BY here costs a temp B-tree.)
  let ordered = true;
  for (let i = 1; i < rows.length && ordered; i++) if (!(rows[i - 1]!.code < rows[i]!.code)) ordered = false;
  if (!ordered) rows.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
  return {
    ids: rows.map((x) => Number(x.id)),
    codes: rows.map((x) => x.code),
    visits: Int32Array.from(rows, (x) => Number(x.n)),
    spend: Float64Array.from(rows, (x) => Number(x.spend)),
    lastMs: Float64Array.from(rows, (x) => Number(x.last)),
  };
}

/**
 * Per-customer count, spend and last purchase in [startMs, endMs). Without a window start, the
 * usual case (nothing bought after the as-of day) is the derived snapshot of customer_stats (all
 * history, kept by triggers in migration 0031, patched between calls by derived.ts); an as-of day
 * in the past takes the purchases made since off it (snapshotBefore). With a window start, or when
 * most of the history lies after the end, one GROUP BY over the covering index.
 */
async function perCustomer(db: Kysely<Database>, d: Derived, startMs: number | null, endMs: number): Promise<Inputs> {
  if (startMs === null) {
    const after = await sql<{ n: number; all: number | null }>`
      SELECT (SELECT count(*) FROM sales WHERE sold_at >= ${endMs} AND voided_at IS NULL) AS n,
             (SELECT max(id) FROM sales) AS "all"`.execute(db);
    const { n, all } = after.rows[0]!;
    if (n === 0) {
      const snap = await d.snapshot();
      // Copies: the snapshot is patched in place by later syncs; a result must not change under a reader.
      return {
        ids: snap.ids,
        codes: snap.codes,
        visits: snap.visits.slice(),
        spend: snap.spend.slice(),
        lastMs: snap.lastMs.slice(),
      };
    }
    if (n * 4 < (all ?? 0)) return snapshotBefore(db, await d.snapshot(), endMs);
  }
  const grouped = db
    .selectFrom('sales')
    .select((eb) => [
      'customer_id',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('total').as('spend'),
      eb.fn.max('sold_at').as('last'),
    ])
    .where('customer_id', 'is not', null)
    .where('voided_at', 'is', null)
    .where('sold_at', '<', endMs)
    .$if(startMs !== null, (q) => q.where('sold_at', '>=', startMs!))
    .groupBy('customer_id')
    .as('a');
  const rows = (await db
    .selectFrom(grouped)
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select(['c.id', 'c.code', 'a.n', 'a.spend', 'a.last'])
    .execute()) as PerCustomerRow[];
  return inputsOf(rows);
}

/**
 * The snapshot as it was before endMs: each customer who bought on or after it loses those
 * purchases (one GROUP BY over the few sales since, read from sales_by_time) and gets the last
 * purchase before it (one backward seek in sales_customer_sold each); customers left with none drop out.
 */
async function snapshotBefore(db: Kysely<Database>, snap: StatsSnapshot, endMs: number): Promise<Inputs> {
  const since = await sql<{ customer_id: number; n: number; spend: number; last: number | null }>`
    SELECT a.customer_id, a.n, a.spend,
      (SELECT max(s.sold_at) FROM sales s INDEXED BY sales_customer_sold
        WHERE s.customer_id = a.customer_id AND s.sold_at < ${endMs} AND s.voided_at IS NULL) AS last
    FROM (SELECT customer_id, count(*) AS n, sum(total) AS spend FROM sales INDEXED BY sales_by_time
          WHERE sold_at >= ${endMs} AND voided_at IS NULL AND customer_id IS NOT NULL GROUP BY customer_id) a`.execute(db);
  const byId = new Map(since.rows.map((r) => [Number(r.customer_id), r]));
  const ids: number[] = [];
  const codes: string[] = [];
  const visits: number[] = [];
  const spend: number[] = [];
  const lastMs: number[] = [];
  for (let i = 0; i < snap.ids.length; i++) {
    const id = snap.ids[i]!;
    const d = byId.get(id);
    if (d && (d.last === null || snap.visits[i]! - Number(d.n) <= 0)) continue;
    ids.push(id);
    codes.push(snap.codes[i]!);
    visits.push(snap.visits[i]! - (d ? Number(d.n) : 0));
    spend.push(snap.spend[i]! - (d ? Number(d.spend) : 0));
    lastMs.push(d ? Number(d.last) : snap.lastMs[i]!);
  }
  return { ids, codes, visits: Int32Array.from(visits), spend: Float64Array.from(spend), lastMs: Float64Array.from(lastMs) };
}

async function computeUncached(db: Kysely<Database>, d: Derived, timeZone: string, opts: RfmOptions): Promise<RfmResult> {
  const endMs = dayStartMs(addDays(opts.asOf, 1), timeZone);
  const startMs = opts.windowFrom ? dayStartMs(opts.windowFrom, timeZone) : null;
  const inputs = await perCustomer(db, d, startMs, endMs);

  const n = inputs.ids.length;
  const asOfDay = dayNumberOfDate(opts.asOf);
  let minMs = Infinity;
  for (let i = 0; i < n; i++) if (inputs.lastMs[i]! < minMs) minMs = inputs.lastMs[i]!;
  const spans = offsetSpans(n > 0 ? minMs : endMs, endMs, timeZone);

  const recencyDays = new Int32Array(n);
  // The inputs are this result's own copies (perCustomer): kept as they are.
  const frequency = inputs.visits;
  const monetary = inputs.spend;
  for (let i = 0; i < n; i++) recencyDays[i] = asOfDay - localDayNumber(inputs.lastMs[i]!, spans);
  // Inputs are in text code order; numeric codes (an imported till's customer numbers) tie as numbers.
  const byCode = tieOrder(inputs.codes);
  await nextTurn();
  const r = scoreMetric(recencyDays, byCode, { alwaysRank: false, reverse: true });
  const f = scoreMetric(frequency, byCode, { alwaysRank: true, reverse: false });
  await nextTurn();
  const m = scoreMetric(monetary, byCode, { alwaysRank: false, reverse: false });
  // Segments as positions in RFM_SEGMENTS (the summary and the member lists tally those), names beside them.
  const segmentCode = new Uint8Array(n);
  const segment = new Array<RfmSegment>(n);
  for (let i = 0; i < n; i++) {
    const c = RFM_SEGMENT_CODE[(r.scores[i]! - 1) * 5 + f.scores[i]! - 1]!;
    segmentCode[i] = c;
    segment[i] = RFM_SEGMENTS[c]!;
  }

  // The id → index map is only needed for one customer's card: built on first use.
  let indexOf: Map<number, number> | null = null;
  const ids = inputs.ids;
  return {
    asOf: opts.asOf,
    windowFrom: opts.windowFrom,
    ids,
    codes: inputs.codes,
    recencyDays,
    frequency,
    monetary,
    lastPurchaseMs: inputs.lastMs,
    r: r.scores,
    f: f.scores,
    m: m.scores,
    segment,
    segmentCode,
    get indexOf(): Map<number, number> {
      indexOf ??= new Map(ids.map((id, i) => [id, i]));
      return indexOf;
    },
    methods: { recency: r.method, frequency: f.method, monetary: m.method },
    edges: { recency: r.edges, frequency: f.edges, monetary: m.edges },
  };
}

const mean = (sum: number, n: number): number => (n === 0 ? 0 : sum / n);

export function summarise(res: RfmResult): RfmSummary {
  // Per segment (by position in RFM_SEGMENTS): size, sums of recency, frequency, spend and the three scores.
  const S = RFM_SEGMENTS.length;
  const size = new Float64Array(S);
  const sums = new Float64Array(S * 6);
  let revenue = 0;
  const cells = new Float64Array(25);
  for (let i = 0; i < res.ids.length; i++) {
    const at = res.segmentCode[i]! * 6;
    const r = res.r[i]!;
    const f = res.f[i]!;
    const mon = res.monetary[i]!;
    size[res.segmentCode[i]!]!++;
    sums[at]! += res.recencyDays[i]!;
    sums[at + 1]! += res.frequency[i]!;
    sums[at + 2]! += mon;
    sums[at + 3]! += r;
    sums[at + 4]! += f;
    sums[at + 5]! += res.m[i]!;
    revenue += mon;
    cells[(r - 1) * 5 + f - 1]!++;
  }
  const grid = Array.from({ length: 5 }, (_, r) => Array.from(cells.subarray(r * 5, r * 5 + 5)));
  const segments: RfmSegmentStats[] = RFM_SEGMENTS.map((segment, k) => {
    const n = size[k]!;
    const [rec, freq, mon, r, f, m] = sums.subarray(k * 6, k * 6 + 6);
    return {
      segment,
      size: n,
      revenue: mon!,
      revenueShare: revenue === 0 ? 0 : mon! / revenue,
      meanRecencyDays: mean(rec!, n),
      meanFrequency: mean(freq!, n),
      meanMonetary: mean(mon!, n),
      meanScores: { r: mean(r!, n), f: mean(f!, n), m: mean(m!, n) },
    };
  });
  return {
    asOf: res.asOf,
    windowFrom: res.windowFrom,
    customers: res.ids.length,
    revenue,
    segments,
    grid,
    methods: res.methods,
    edges: res.edges,
  };
}

/** One scored customer's values and scores, read from the column arrays at position i. */
function scoredAt(res: RfmResult, i: number): RfmScored {
  return {
    recencyDays: res.recencyDays[i]!,
    frequency: res.frequency[i]!,
    monetary: res.monetary[i]!,
    lastPurchaseAt: isoOf(res.lastPurchaseMs[i]!),
    r: res.r[i]!,
    f: res.f[i]!,
    m: res.m[i]!,
    segment: res.segment[i]!,
  };
}

/** One customer's scores; null when the id names no customer or the customer is not scored. */
export async function rfmOfCustomer(db: Tx, res: RfmResult, customerId: string): Promise<RfmCustomer | null> {
  const gid = storedGid(customerId);
  const row = gid ? await db.selectFrom('customers').select('id').where('gid', '=', gid).executeTakeFirst() : undefined;
  const i = row ? res.indexOf.get(row.id) : undefined;
  if (i === undefined) return null;
  return {
    asOf: res.asOf,
    windowFrom: res.windowFrom,
    customerId,
    ...scoredAt(res, i),
    methods: res.methods,
    edges: res.edges,
    customers: res.ids.length,
  };
}

/** One page of a segment's members, with names fetched for that page only. */
export async function segmentMembers(
  db: Tx,
  res: RfmResult,
  input: { segment: RfmSegment | null; sort: RfmMemberSort; offset: number; limit: number },
): Promise<{ total: number; items: RfmMember[] }> {
  const idx: number[] = [];
  const wanted = input.segment === null ? -1 : RFM_SEGMENTS.indexOf(input.segment);
  for (let i = 0; i < res.ids.length; i++) if (wanted < 0 || res.segmentCode[i] === wanted) idx.push(i);
  const names = new Map<number, string>();
  const gids = new Map<number, Uint8Array>();
  const loadNames = async (ids: number[]): Promise<void> => {
    if (ids.length === 0) return;
    const rows = await db
      .selectFrom('customers')
      .select(['id', 'gid', 'full_name', 'search_name'])
      .where('id', 'in', sql<number>`(SELECT value FROM json_each(${JSON.stringify(ids)}))`)
      .execute();
    for (const row of rows) {
      names.set(row.id, input.sort === 'name' ? row.search_name + '\u0000' + row.full_name : row.full_name);
      gids.set(row.id, row.gid);
    }
  };
  const cmpCode = (a: number, b: number): number => (res.codes[a]! < res.codes[b]! ? -1 : 1);
  if (input.sort === 'name') {
    await loadNames(idx.map((i) => res.ids[i]!));
    const key = (i: number): string => names.get(res.ids[i]!) ?? '';
    idx.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : cmpCode(a, b)));
  } else {
    const by: Record<Exclude<RfmMemberSort, 'name'>, (i: number) => number> = {
      monetary: (i) => -res.monetary[i]!,
      frequency: (i) => -res.frequency[i]!,
      recency: (i) => res.recencyDays[i]!,
    };
    const k = by[input.sort];
    idx.sort((a, b) => k(a) - k(b) || cmpCode(a, b));
  }
  const page = idx.slice(input.offset, input.offset + input.limit);
  if (input.sort !== 'name') await loadNames(page.map((i) => res.ids[i]!));
  const nameOf = (id: number): string => {
    const v = names.get(id) ?? '';
    const cut = v.indexOf('\u0000');
    return cut >= 0 ? v.slice(cut + 1) : v;
  };
  return {
    total: idx.length,
    items: page.map((i) => ({
      id: apiId(gids.get(res.ids[i]!)!),
      code: res.codes[i]!,
      fullName: nameOf(res.ids[i]!),
      ...scoredAt(res, i),
    })),
  };
}
