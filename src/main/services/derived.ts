/**
 * Derived data kept between calls and brought up to date from what changed, so the analysis
 * screens pay for the last few purchases rather than for the whole history each time.
 *
 * At 100k customers / 1M purchases the dashboard read every live customer's totals (RFM), counted
 * distinct buyers per bucket and summed each buyer's period: ~650 ms, all of it again after every
 * sale at the counter. Here, per database:
 *  - a snapshot of customer_stats for live customers in code order (the RFM input; first
 *    purchases for the dashboard's "new" counts), patched customer by customer;
 *  - caches that other services register (RFM results, dashboard buckets, period spends), each told
 *    what changed so it can drop or recount only what is affected.
 *
 * What changed is read from the database, so writes by another process (the CLI) count too: the
 * change log's new rows (every service write appends one but a purchase's creation, 0100) and the
 * sales whose key is above the last one seen (sales are append-only with increasing keys: the
 * counter, the bulk path and imports all add rows that way). Settings changes (time zone, rules), or more than CHANGE_LIMIT changes
 * (an import), start everything again. Over-invalidation is always safe; a sync runs before every
 * read, under a per-database lock.
 */
import { sql, type Kysely } from 'kysely';
import { ENTITY_CODES } from '../db/entities';
import type { Database } from '../db/schema';
import { nextTurn } from './context';
import { readIntegers } from './integerList';

/** Beyond this many change-log rows or new sales since the last look, reload rather than patch. */
export const CHANGE_LIMIT = 5_000;

/** Customers per synchronous query when loading every customer: ~10–20 ms each at 100k. */
const LOAD_CHUNK = 12_500;

export interface DataVersion {
  seq: number;
  /** The highest sales key seen: every purchase made since has a higher one. */
  sales: number;
}

/** customer_stats of the customers who bought (erased ones too: see rfm.ts), in customer code order; times in ms. */
export interface StatsSnapshot {
  /** Customers' local keys. */
  ids: number[];
  codes: string[];
  visits: Int32Array;
  spend: Float64Array;
  firstMs: Float64Array;
  lastMs: Float64Array;
}

/** What changed since the previous sync; null = too much or unknown (start again). */
export interface ChangeSet {
  /** Customers (local keys) whose purchases, code or erasure may have changed. */
  customers: ReadonlySet<number>;
  /** Instants (ms) whose buckets must be recounted: changed sales' dates, old and new first purchases. */
  instants: readonly number[];
}

/** A cache registered on the derived state; told about every change before the next read. */
export interface DerivedCache {
  apply(changes: ChangeSet | null): void;
}

interface State {
  version: DataVersion | null;
  snapshot: StatsSnapshot | null;
  indexOf: Map<number, number> | null;
  caches: Map<string, DerivedCache>;
  lock: Promise<unknown>;
}

const states = new WeakMap<Kysely<Database>, State>();

function stateOf(db: Kysely<Database>): State {
  let st = states.get(db);
  if (!st) {
    st = { version: null, snapshot: null, indexOf: null, caches: new Map(), lock: Promise.resolve() };
    states.set(db, st);
  }
  return st;
}

/** Runs fn after every earlier holder of the database's lock (syncs must not interleave). */
function locked<T>(st: State, fn: () => Promise<T>): Promise<T> {
  const run = st.lock.then(fn, fn);
  st.lock = run.catch(() => undefined);
  return run;
}

async function readVersion(db: Kysely<Database>): Promise<DataVersion> {
  const r = await sql<{ seq: number | null; sales: number | null }>`
    SELECT (SELECT max(seq) FROM change_log) AS seq, (SELECT max(id) FROM sales) AS sales`.execute(db);
  const row = r.rows[0];
  return { seq: Number(row?.seq ?? 0), sales: Number(row?.sales ?? 0) };
}

const json = (values: Iterable<number>): string => JSON.stringify([...values]);

/** The change set between two versions, or null when it is too large or touches settings. */
async function changesBetween(
  db: Kysely<Database>,
  from: DataVersion,
  to: DataVersion,
): Promise<{ customers: Set<number>; instants: number[] } | null> {
  if (to.seq < from.seq || to.sales < from.sales) return null; // a restored backup
  if (to.seq - from.seq > CHANGE_LIMIT || to.sales - from.sales > CHANGE_LIMIT) return null;
  const log = await db
    .selectFrom('change_log')
    .select(['entity', 'entity_id'])
    .where('seq', '>', from.seq)
    .where('seq', '<=', to.seq)
    .execute();
  const customers = new Set<number>();
  const saleIds = new Set<number>();
  for (const e of log) {
    if (e.entity === ENTITY_CODES.settings) return null;
    if (e.entity === ENTITY_CODES.customer) customers.add(e.entity_id);
    else if (e.entity === ENTITY_CODES.sale) saleIds.add(e.entity_id);
  }
  // Logged sale entries are voids (and other changes) of older purchases; new ones are found by key.
  const sales = await sql<{ customer_id: number | null; sold_at: number }>`
    SELECT customer_id, sold_at FROM sales WHERE id IN (SELECT value FROM json_each(${json(saleIds)}))
    UNION ALL
    SELECT customer_id, sold_at FROM sales WHERE id > ${from.sales} AND id <= ${to.sales}`.execute(db);
  const instants: number[] = [];
  for (const s of sales.rows) {
    instants.push(Number(s.sold_at));
    if (s.customer_id !== null) customers.add(s.customer_id);
  }
  return { customers, instants };
}

/** One chunk of the snapshot as text: numbers comma-separated, codes separated by CODE_SEPARATOR, in code order. */
interface SnapshotChunk {
  n: number;
  ids: string | null;
  codes: string | null;
  visits: string | null;
  spend: string | null;
  first_at: string | null;
  last_at: string | null;
}

/** The snapshot's columns while it loads: room for `capacity` customers, `length` filled. */
class Columns {
  length = 0;
  codes: string[][] = [];
  ids: Float64Array;
  visits: Int32Array;
  spend: Float64Array;
  firstMs: Float64Array;
  lastMs: Float64Array;
  constructor(private capacity: number) {
    this.ids = new Float64Array(capacity);
    this.visits = new Int32Array(capacity);
    this.spend = new Float64Array(capacity);
    this.firstMs = new Float64Array(capacity);
    this.lastMs = new Float64Array(capacity);
  }

  /** Scans one chunk's lists into the columns (more room first if buyers came meanwhile). */
  add(row: SnapshotChunk, codes: string[]): void {
    const at = this.length;
    if (at + row.n > this.capacity) this.grow(Math.max(at + row.n, this.capacity * 2));
    readIntegers(row.ids ?? '', this.ids, at);
    readIntegers(row.visits ?? '', this.visits, at);
    readIntegers(row.spend ?? '', this.spend, at);
    readIntegers(row.first_at ?? '', this.firstMs, at);
    readIntegers(row.last_at ?? '', this.lastMs, at);
    this.codes.push(codes);
    this.length += row.n;
  }

  private grow(capacity: number): void {
    const more = <T extends Int32Array | Float64Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.ids = more(this.ids, new Float64Array(capacity));
    this.visits = more(this.visits, new Int32Array(capacity));
    this.spend = more(this.spend, new Float64Array(capacity));
    this.firstMs = more(this.firstMs, new Float64Array(capacity));
    this.lastMs = more(this.lastMs, new Float64Array(capacity));
    this.capacity = capacity;
  }

  snapshot(): StatsSnapshot {
    const n = this.length;
    return {
      ids: Array.from(this.ids.subarray(0, n)),
      codes: ([] as string[]).concat(...this.codes),
      visits: this.visits.subarray(0, n),
      spend: this.spend.subarray(0, n),
      firstMs: this.firstMs.subarray(0, n),
      lastMs: this.lastMs.subarray(0, n),
    };
  }
}

/** The separator of a chunk's codes: a control character no code is expected to hold (checked per chunk). */
const CODE_SEPARATOR = '\u001f';

/**
 * Loads the snapshot from customer_stats, in chunks that let the counter's calls in between. Each
 * chunk comes back as one row of column lists (group_concat), split and scanned here: at 100k
 * customers a row object per customer cost ~100 ms of value marshalling, this about half.
 * A chunk is a range of codes, LOAD_CHUNK customers wide (its end found by one walk along
 * customers_code_id), aggregated straight from the join: a LIMIT on the joined rows needed a
 * subquery whose rows SQLite copies one by one to the aggregates (a fifth of the load's
 * instructions, counted with callgrind, as much as a codes check per row did).
 */
async function loadSnapshot(db: Kysely<Database>): Promise<StatsSnapshot> {
  // Sized once (a count of a small index): chunks scanned straight into their place, no copy to join them.
  const buyers = await sql<{ n: number }>`SELECT count(*) AS n FROM customer_stats`.execute(db);
  const columns = new Columns(Number(buyers.rows[0]?.n ?? 0));
  let from = '';
  for (;;) {
    const end = await sql<{ code: string }>`
      SELECT code FROM customers INDEXED BY customers_code_id
      WHERE code > ${from} ORDER BY code LIMIT 1 OFFSET ${LOAD_CHUNK - 1}`.execute(db);
    const to = end.rows[0]?.code ?? null;
    // customers_code_id (0031) covers code, id and erasure: a range scan in code order, a seek in customer_stats each.
    const body = sql`
      FROM customers c INDEXED BY customers_code_id
      JOIN customer_stats st ON st.customer_id = c.id
      WHERE c.code > ${from}${to === null ? sql`` : sql` AND c.code <= ${to}`}`;
    const r = await sql<SnapshotChunk>`
      SELECT count(*) AS n, group_concat(c.id) AS ids, group_concat(c.code, ${CODE_SEPARATOR}) AS codes,
        group_concat(st.visits) AS visits, group_concat(st.spend) AS spend, group_concat(st.first_at) AS first_at, group_concat(st.last_at) AS last_at
      ${body}`.execute(db);
    const row = r.rows[0]!;
    if (row.n > 0) {
      let codes = row.codes!.split(CODE_SEPARATOR);
      if (codes.length !== row.n) {
        // A code holding the separator (more pieces than codes): this chunk's codes again, escaped as JSON.
        const json = await sql<{ codes: string }>`SELECT json_group_array(c.code) AS codes ${body}`.execute(db);
        codes = JSON.parse(json.rows[0]!.codes) as string[];
      }
      // Scanned now, so the chunk's lists die young: kept to the end they outlived a scavenge or two
      // and were promoted, old-generation garbage that brought major collections into the cold pass.
      columns.add(row, codes);
    }
    if (to === null) break;
    from = to;
    await nextTurn();
  }
  const snap = columns.snapshot();
  const codes = snap.codes;
  for (let i = 1; i < codes.length; i++) if (!(codes[i - 1]! < codes[i]!)) return inCodeOrder(snap);
  return snap;
}

/** SQLite does not promise an aggregate's input order: should it ever differ, the snapshot is sorted here. */
function inCodeOrder(s: StatsSnapshot): StatsSnapshot {
  const order = s.codes.map((_, i) => i).sort((a, b) => (s.codes[a]! < s.codes[b]! ? -1 : 1));
  return {
    ids: order.map((i) => s.ids[i]!),
    codes: order.map((i) => s.codes[i]!),
    visits: Int32Array.from(order, (i) => s.visits[i]!),
    spend: Float64Array.from(order, (i) => s.spend[i]!),
    firstMs: Float64Array.from(order, (i) => s.firstMs[i]!),
    lastMs: Float64Array.from(order, (i) => s.lastMs[i]!),
  };
}

interface StatsRow {
  id: number;
  code: string;
  visits: number | null;
  spend: number | null;
  first_at: number | null;
  last_at: number | null;
}

/**
 * Brings the snapshot up to date for the changed customers: updated in place when their code is
 * unchanged, otherwise removed and re-inserted in code order (one linear merge). Adds their old and
 * new first purchases to the instants (a first purchase moved by a void or a backdated import).
 */
async function patchSnapshot(db: Kysely<Database>, st: State, customers: ReadonlySet<number>, instants: number[]): Promise<void> {
  const snap = st.snapshot!;
  if (customers.size === 0) return;
  const rows = await sql<StatsRow>`
    SELECT c.id, c.code, st.visits, st.spend, st.first_at, st.last_at
    FROM customers c LEFT JOIN customer_stats st ON st.customer_id = c.id
    WHERE c.id IN (SELECT value FROM json_each(${json(customers)}))`.execute(db);
  st.indexOf ??= new Map(snap.ids.map((id, i) => [id, i]));
  const indexOf = st.indexOf;
  const removed = new Set<number>();
  const inserted: StatsRow[] = [];
  for (const row of rows.rows) {
    const i = indexOf.get(Number(row.id));
    const live = row.visits !== null && row.visits > 0;
    if (i !== undefined) instants.push(snap.firstMs[i]!);
    if (live) instants.push(Number(row.first_at));
    if (i !== undefined && live && snap.codes[i] === row.code) {
      snap.visits[i] = Number(row.visits);
      snap.spend[i] = Number(row.spend);
      snap.firstMs[i] = Number(row.first_at);
      snap.lastMs[i] = Number(row.last_at);
      continue;
    }
    if (i !== undefined) removed.add(i);
    if (live) inserted.push(row);
  }
  if (removed.size === 0 && inserted.length === 0) return;
  inserted.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const n = snap.ids.length - removed.size + inserted.length;
  const next: StatsSnapshot = {
    ids: new Array<number>(n),
    codes: new Array<string>(n),
    visits: new Int32Array(n),
    spend: new Float64Array(n),
    firstMs: new Float64Array(n),
    lastMs: new Float64Array(n),
  };
  let out = 0;
  let k = 0;
  const takeInserted = (): void => {
    const row = inserted[k++]!;
    next.ids[out] = Number(row.id);
    next.codes[out] = row.code;
    next.visits[out] = Number(row.visits);
    next.spend[out] = Number(row.spend);
    next.firstMs[out] = Number(row.first_at);
    next.lastMs[out] = Number(row.last_at);
    out++;
  };
  for (let i = 0; i < snap.ids.length; i++) {
    if (removed.has(i)) continue;
    while (k < inserted.length && inserted[k]!.code < snap.codes[i]!) takeInserted();
    next.ids[out] = snap.ids[i]!;
    next.codes[out] = snap.codes[i]!;
    next.visits[out] = snap.visits[i]!;
    next.spend[out] = snap.spend[i]!;
    next.firstMs[out] = snap.firstMs[i]!;
    next.lastMs[out] = snap.lastMs[i]!;
    out++;
  }
  while (k < inserted.length) takeInserted();
  st.snapshot = next;
  st.indexOf = null;
}

/** Brings the derived state up to date with the database (call before reading any of it). */
async function sync(db: Kysely<Database>, st: State): Promise<void> {
  const now = await readVersion(db);
  const was = st.version;
  if (was && was.seq === now.seq && was.sales === now.sales) return;
  st.version = now;
  if (!was) return; // nothing was derived yet
  let changes: ChangeSet | null = await changesBetween(db, was, now);
  if (changes && st.snapshot) {
    const instants = [...changes.instants];
    await patchSnapshot(db, st, changes.customers, instants);
    changes = { customers: changes.customers, instants };
  } else if (changes && changes.customers.size > 0) {
    // Without a snapshot the old first purchases are unknown: the "new customers" counts could move.
    changes = null;
  }
  if (changes === null) {
    st.snapshot = null;
    st.indexOf = null;
  }
  for (const cache of st.caches.values()) cache.apply(changes);
}

export interface Derived {
  /** The stats snapshot, loaded on first use. Treat as read-only. */
  snapshot(): Promise<StatsSnapshot>;
  /** The cache registered under name, created by make on first use. */
  cache<T extends DerivedCache>(name: string, make: () => T): T;
}

/**
 * The database's derived state, synced with the data first. Work done with it is not under the
 * lock: a write landing meanwhile is seen (and its effects dropped) by the next sync.
 */
export function derived(db: Kysely<Database>): Promise<Derived> {
  const st = stateOf(db);
  return locked(st, async () => {
    await sync(db, st);
    return {
      snapshot: () =>
        locked(st, async () => {
          await sync(db, st);
          st.snapshot ??= await loadSnapshot(db);
          return st.snapshot;
        }),
      cache: <T extends DerivedCache>(name: string, make: () => T): T => {
        let c = st.caches.get(name) as T | undefined;
        if (!c) {
          c = make();
          st.caches.set(name, c);
        }
        return c;
      },
    };
  });
}

/** Forgets everything derived for this database (the benchmark's cold figures; tests). */
export function clearDerived(db: Kysely<Database>): void {
  states.delete(db);
}
