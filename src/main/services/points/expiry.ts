/**
 * Points expiry (issue 16; off until settings.pointsExpiryMonths is set). Each lot whose expiry has
 * come loses exactly what is left of it, never what was spent from it. A run writes one 'expire'
 * ledger row per customer (their due lots summed, the reason naming when those lots were earned),
 * a `lot_expiries` row per lot (what it lost, under that expire row) and deletes the lots' rows of
 * `point_lots` (0112; on the lot's ledger row in 0109), so a void and sync still know.
 * Runs at start and daily (backend.ts), in short IMMEDIATE transactions with a turn of the event
 * loop between them, so a counter sale never waits behind more than one chunk.
 *
 * A chunk is a range of customer keys, and a handful of set-based statements over the due lots of
 * those customers (a range of point_lots: the expire rows, the change-log entries, what each lot
 * lost, the lots emptied), not four statements per lot. At a year of lots (~290k lots of ~45k
 * customers at the benchmark's size) what costs is the pages each commit writes (most of the run
 * is commits): one row per customer writes a sixth of the rows, and every table a chunk writes is
 * written in runs: point_lots by customer, the ledger, its log and lot_expiries at their ends.
 * Until 0112 a lot's state was on its ledger row (keys in time order): a page per lot. The range's
 * width follows the measured time of the last chunk, commit included (the counter's bound is
 * 50 ms), so a chunk stays near CHUNK_BUDGET_MS on a slow or busy machine as on a fast one.
 * While expiry is off nothing expires (lots keep their dates: turned on again, those already due go
 * at the next run). Figures: docs/architecture.md, "Points expiry".
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import { ledgerRowEntriesAfter } from '../../db/changeLog';
import type { SyncDb } from '../../db/prepared';
import { withoutAutoCheckpoint } from '../../db/checkpointer';
import type { Database } from '../../db/schema';
import { tickHlc } from '../../../shared/hlc';
import { nextTurn, type Ctx } from '../context';
import { readSettingsSync } from '../settings';
import { dueKey } from './lots';

/** A transaction's time, commit included, before the counter gets in (its bound is 50 ms; a WAL checkpoint may add to one). */
const CHUNK_BUDGET_MS = 25;
/** The first chunk's width in customer keys, before any has been timed, and the bounds of the ones after. */
const FIRST_WIDTH = 500;
const MIN_WIDTH = 20;
const MAX_WIDTH = 50_000;

export interface ExpiryReport {
  lots: number;
  points: number;
}

/** The reason of an expire row for one lot (the customer page shows it in the UI's language). */
const ONE = 'expired lot earned ';
const MANY = 'expired lots earned ';
const UNTIL = ' to ';
export const expireReason = (earnedAt: string): string => `${ONE}${earnedAt}`;
/** The reason of an expire row for several lots of one customer, earned between the two times. */
export const expireRangeReason = (from: string, to: string): string => `${MANY}${from}${UNTIL}${to}`;

/** A time in ms as ISO text, written by SQLite exactly as `isoOf` does (whole seconds by strftime, the ms padded). */
const isoSql = (ms: RawBuilder<number>): RawBuilder<string> =>
  sql<string>`strftime('%Y-%m-%dT%H:%M:%S', ${ms} / 1000, 'unixepoch') || printf('.%03dZ', ${ms} % 1000)`;

const first = sql<number>`min(created_at)`;
const last = sql<number>`max(created_at)`;
/** `expireReason` or `expireRangeReason` of a customer's due lots, as SQL over their group. */
const reasonSql = sql<string>`CASE WHEN count(*) = 1 THEN ${ONE} || ${isoSql(first)}
  ELSE ${MANY} || ${isoSql(first)} || ${UNTIL} || ${isoSql(last)} END`;

/** The open lots due at `at` of the customers with keys in (lo, hi]: a range of point_lots (clustered by customer). */
function due(db: Kysely<Database>, at: number, lo: number, hi: number) {
  return db.selectFrom('point_lots').where('customer_id', '>', lo).where('customer_id', '<=', hi).where('expiry_key', '<=', dueKey(at));
}

export interface Chunk {
  at: number;
  lo: number;
  hi: number;
  /** The key before the first expire row: the i-th customer's row (in key order) is base + i. */
  base: number;
  origin: number;
  /** The change-log time before the first entry: the entry of row base + i is hlc0 + i. */
  hlc0: number;
}

/** The chunk's statements, each a kysely query run synchronously (prepared once per SQL text); exported for the plan test. */
export function chunkQueries(db: Kysely<Database>, c: Chunk) {
  const lots = due(db, c.at, c.lo, c.hi);
  return {
    expireRows: db
      .insertInto('points_ledger')
      .columns(['id', 'customer_id', 'kind', 'points', 'reason', 'created_at', 'origin'])
      .expression(
        lots
          .select([
            sql<number>`${c.base} + row_number() OVER (ORDER BY customer_id)`.as('id'),
            'customer_id',
            sql<string>`'expire'`.as('kind'),
            sql<number>`-sum(remaining)`.as('points'),
            reasonSql.as('reason'),
            sql<number>`${c.at}`.as('created_at'),
            sql<number>`${c.origin}`.as('origin'),
          ])
          .groupBy('customer_id'),
      ),
    log: ledgerRowEntriesAfter(db, { after: c.base, origin: c.origin, hlc0: c.hlc0, op: 'expire' }),
    // What each lot lost, under its customer's expire row (the chunk's rows: keys after base, a
    // handful gathered first). Keyed (expire row, lot): the rows go at the table's end.
    expiries: db
      .with(
        (w) => w('e').materialized(),
        (d) => d.selectFrom('points_ledger').select(['id as by', 'customer_id as of']).where('id', '>', c.base),
      )
      .insertInto('lot_expiries')
      .columns(['expired_by', 'lot_id', 'expired'])
      .expression((eb) =>
        eb
          .selectFrom('point_lots')
          .innerJoin('e', 'e.of', 'point_lots.customer_id')
          .select(['e.by', 'point_lots.lot_id', 'point_lots.remaining'])
          .where('point_lots.customer_id', '>', c.lo)
          .where('point_lots.customer_id', '<=', c.hi)
          .where('point_lots.expiry_key', '<=', dueKey(c.at))
          .orderBy('e.by')
          .orderBy('point_lots.lot_id'),
      ),
    // The emptied lots go: a run of the customer-keyed table.
    empty: db
      .deleteFrom('point_lots')
      .where('customer_id', '>', c.lo)
      .where('customer_id', '<=', c.hi)
      .where('expiry_key', '<=', dueKey(c.at)),
  };
}

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** A compiled query's statement on the raw handle, each SQL text prepared once per database. */
function statementOf(sqlite: BetterSqlite3.Database, c: CompiledQuery): BetterSqlite3.Statement {
  let byText = statements.get(sqlite);
  if (!byText) statements.set(sqlite, (byText = new Map()));
  let st = byText.get(c.sql);
  if (!st) byText.set(c.sql, (st = sqlite.prepare(c.sql)));
  return st;
}

function runSync(sqlite: BetterSqlite3.Database, q: { compile(): CompiledQuery }): BetterSqlite3.RunResult {
  const c = q.compile();
  return statementOf(sqlite, c).run(c.parameters as unknown[]);
}

function firstSync<R>(sqlite: BetterSqlite3.Database, q: { compile(): CompiledQuery }): R {
  const c = q.compile();
  return statementOf(sqlite, c).get(c.parameters as unknown[]) as R;
}

/** Expires the due lots of the customers with keys in (lo, hi] in the caller's transaction. */
function expireChunk(k: SyncDb, at: number, lo: number, hi: number): ExpiryReport {
  const { db, sqlite } = k;
  const head = firstSync<{ base: number | null; last: number | null; origin: number | null }>(
    sqlite,
    db.selectNoFrom((eb) => [
      eb
        .selectFrom('points_ledger')
        .select((e) => e.fn.max('id').as('m'))
        .as('base'),
      eb.selectFrom('change_log').select('hlc').orderBy('seq', 'desc').limit(1).as('last'),
      eb.selectFrom('installs').select('key').where('current', '=', 1).as('origin'),
    ]),
  );
  if (head.origin == null) throw new Error('no current install: the change log cannot say who wrote');
  const base = head.base ?? 0;
  const q = chunkQueries(db, { at, lo, hi, base, origin: head.origin, hlc0: tickHlc(head.last ?? 0, at) - 1 });
  // The rows first: the lots are still due while they are summed; emptying them ends the chunk.
  // No count of the due lots first: it was a fourth pass over them (~10% of a run's statements), and
  // a range with none (most of them while few lots are due) ends at the first statement.
  if (runSync(sqlite, q.expireRows).changes === 0) return { lots: 0, points: 0 };
  runSync(sqlite, q.log);
  runSync(sqlite, q.expiries);
  const emptied = runSync(sqlite, q.empty).changes;
  // What the chunk took is what its rows say (they are the last keys: the write lock is held).
  const taken = firstSync<{ points: number }>(
    sqlite,
    db
      .selectFrom('points_ledger')
      .where('id', '>', base)
      .select(sql<number>`-total(points)`.as('points')),
  );
  return { lots: emptied, points: Number(taken.points) };
}

export async function expirePoints(ctx: Ctx): Promise<ExpiryReport> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('expirePoints needs the connection handle (openBackend sets ctx.sqlite)');
  // No checkpoint inside a chunk's commit (db/checkpointer.ts): it was the one slow chunk of a run.
  return withoutAutoCheckpoint(sqlite, () => expireInChunks(ctx, sqlite));
}

async function expireInChunks(ctx: Ctx, sqlite: BetterSqlite3.Database): Promise<ExpiryReport> {
  const k = { db: ctx.db, sqlite };
  const report: ExpiryReport = { lots: 0, points: 0 };
  const lastCustomer = () =>
    firstSync<{ m: number | null }>(
      sqlite,
      ctx.db.selectFrom('customers').select((e) => e.fn.max('id').as('m')),
    ).m ?? 0;
  let width = FIRST_WIDTH;
  for (let lo = 0; ;) {
    const started = performance.now();
    const hi = lo + width;
    const done = await ctx.db.connection().execute(async () => {
      const write = sqlite.transaction((): ExpiryReport | null => {
        if (!readSettingsSync(k).pointsExpiryMonths) return null;
        return expireChunk(k, ctx.now().getTime(), lo, hi);
      });
      return write.immediate();
    });
    if (!done) return report;
    const ms = performance.now() - started;
    report.lots += done.lots;
    report.points += done.points;
    // Customers made while the run goes on are covered: the end is read again after each chunk.
    if (hi >= lastCustomer()) return report;
    lo = hi;
    // Scaled to the budget, at most half again as wide or half as wide at a step: the next range may
    // hold more due lots than this one, one fast chunk may be luck (measured: growing four times at
    // a step overshot to 85 ms at p99 on a loaded machine), and one slow one a checkpoint of the WAL.
    width = Math.round(Math.min(MAX_WIDTH, 1.5 * width, Math.max(MIN_WIDTH, width / 2, (width * CHUNK_BUDGET_MS) / Math.max(ms, 1))));
    await nextTurn();
  }
}
