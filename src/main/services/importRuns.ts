/**
 * An import written in short transactions (issue 19). Written in one transaction, 400k past sales
 * held the shop file's write lock for seconds and the counter waited behind them; here each chunk
 * is its own IMMEDIATE transaction of a few tens of milliseconds, and the import stays
 * all-or-nothing through its `import_runs` row (0104):
 *  - while the row exists the import is not done. Sync takes nothing above the heads the row noted
 *    when it began (`importHorizon`, the one place that decides it), so no other till ever gets a
 *    part of it; the counter's own writes above those heads wait for the next sync after it.
 *  - each chunk notes, in the same transaction, the key ranges it wrote (`import_spans`): within a
 *    write transaction nobody else writes, so every key between the table's head before and after
 *    the chunk is the import's.
 *  - done: the row goes, in one short transaction; from then on it is data like any other.
 *  - failed in the process: its rows are removed at once (`sweepRun`). Killed (or on a restored
 *    backup taken while it ran): the next open removes them (`sweepDeadImports`), since its process
 *    is gone, or its last chunk is older than STALE_AFTER_MS. The removal logs a settings entry, so
 *    the analysis caches of every process start again rather than keep counting rows that went.
 * While it runs, the app's screens see the rows written so far, as they would see a progress bar;
 * a row another write came to depend on meanwhile (the till sold to a customer the import created,
 * or spent points it gave) is kept by the sweep, with what it needs, rather than break that write.
 */
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import { importStopped, signalImporting, someoneWaiting } from '../db/busy';
import { changeLogBatch } from '../db/changeLog';
import { ENTITY_CODES } from '../db/entities';
import { preparedFirst, preparedInsert, preparedQuery, runNow, type SyncDb } from '../db/prepared';
import type { Database } from '../db/schema';
import { nextTurn } from './context';
import { expiryKey, expiryKeySql, lotStatements } from './points/lots';

/** How long a chunked writer leaves the lock free at most for a call of another program that waits (db/busy.ts). */
export const GIVE_WAY_MS = 60;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a chunked writer (an import, a sweep) does between two transactions: it says that it runs
 * (`<file>-importing`, so the app's writes signal before their first try) and, while a call of
 * another program signals that it waits (`<file>-waiting`), leaves the lock free for it, at most
 * `maxMs`. Otherwise it goes on at once: SQLite cannot tell a writer that someone waits, and a
 * waiting connection only polls, so without this the writer would take the lock again at once.
 */
export function giveWay(sqlite: { name: string }, maxMs = GIVE_WAY_MS): () => Promise<void> {
  const file = sqlite.name;
  let saidAt = 0;
  return async () => {
    if (Date.now() - saidAt > 500) {
      signalImporting(file);
      saidAt = Date.now();
    }
    await nextTurn();
    // Until the waiting call got through (it takes its signal back then), or at most `maxMs`.
    const until = performance.now() + maxMs;
    while (performance.now() < until && someoneWaiting(file)) await sleep(1);
  };
}

/** With no chunk for this long, an import is taken as dead even if a process with its id runs (a reused id, another computer). */
export const STALE_AFTER_MS = 10 * 60_000;

/** The tables an import writes, as `import_spans.tbl` stores them; the sweep removes them in this order. */
const TABLES = { ledger: 0, sales: 1, customers: 2, changeLog: 3 } as const;

/** The last change-log seq and the last key of each table rows are added to by key. */
export interface Heads {
  seq: number;
  sale: number;
  ledger: number;
  customer: number;
  card: number;
}

function headsQuery(db: Kysely<Database>) {
  return db.selectNoFrom((eb) => [
    eb
      .selectFrom('change_log')
      .select((e) => e.fn.max('seq').as('m'))
      .as('seq'),
    eb
      .selectFrom('sales')
      .select((e) => e.fn.max('id').as('m'))
      .as('sale'),
    eb
      .selectFrom('points_ledger')
      .select((e) => e.fn.max('id').as('m'))
      .as('ledger'),
    eb
      .selectFrom('customers')
      .select((e) => e.fn.max('id').as('m'))
      .as('customer'),
    eb
      .selectFrom('cards')
      .select((e) => e.fn.max('id').as('m'))
      .as('card'),
  ]);
}

function readHeads(k: SyncDb): Heads {
  const r = preparedFirst<Record<keyof Heads, number | null>>(k, headsQuery(k.db))()!;
  return { seq: r.seq ?? 0, sale: r.sale ?? 0, ledger: r.ledger ?? 0, customer: r.customer ?? 0, card: r.card ?? 0 };
}

/**
 * Records an import under way; inside the caller's write transaction, before any of its rows.
 * Returns its id for the chunks.
 */
export function startRun(k: SyncDb, kind: 'sales' | 'customers', source: string): number {
  const h = readHeads(k);
  // Wall-clock time, not the shop's clock: it tells whether the writer is still at work.
  const nowMs = Date.now();
  const q = k.db
    .insertInto('import_runs')
    .values({
      kind,
      source,
      pid: process.pid,
      host: os.hostname(),
      started_at: nowMs,
      beat_at: nowMs,
      seq_from: h.seq,
      sale_from: h.sale,
      ledger_from: h.ledger,
      customer_from: h.customer,
      card_from: h.card,
    })
    .compile();
  return Number(k.sqlite.prepare(q.sql).run(q.parameters as unknown[]).lastInsertRowid);
}

/** A writer of one import's chunks: each call runs `body` in an IMMEDIATE transaction of its own and notes what it wrote. */
export function chunkWriter(k: SyncDb, runId: number): <T>(body: () => T) => T {
  const span = preparedInsert(k, 'import_spans', ['run_id', 'tbl', 'lo', 'hi']);
  const beat = preparedQuery(k, k.db.updateTable('import_runs').set({ beat_at: 0 }).where('id', '=', 0));
  const chunk = <T>(body: () => T): T =>
    k.sqlite
      .transaction(() => {
        const before = readHeads(k);
        const result = body();
        const after = readHeads(k);
        const note = (tbl: number, lo: number, hi: number): void => {
          if (hi > lo) span([runId, tbl, lo + 1, hi]);
        };
        note(TABLES.ledger, before.ledger, after.ledger);
        note(TABLES.sales, before.sale, after.sale);
        note(TABLES.customers, before.customer, after.customer);
        note(TABLES.changeLog, before.seq, after.seq);
        beat.run(Date.now(), runId);
        return result;
      })
      .immediate();
  // A chunk's commit need not reach the disk at once (synchronous NORMAL: the WAL is synced at the
  // next checkpoint or the next commit that asks for it, the counter's): a power cut loses the last
  // chunks whole, and the run, not done, is swept at the next open. One sync per chunk cost more than
  // the writing on a loaded machine. The connection's own setting is back before anyone else uses it.
  return <T>(body: () => T): T => {
    const was = k.sqlite.pragma('synchronous', { simple: true }) as number;
    k.sqlite.pragma('synchronous = NORMAL');
    try {
      return chunk(body);
    } finally {
      k.sqlite.pragma(`synchronous = ${was}`);
    }
  };
}

/** The import is done: its rows are data from this commit on. */
export function finishRun(k: SyncDb, runId: number): Promise<void> {
  return alone(k, () => {
    runNow(k, k.db.deleteFrom('import_spans').where('run_id', '=', runId));
    runNow(k, k.db.deleteFrom('import_previous').where('run_id', '=', runId));
    runNow(k, k.db.deleteFrom('import_runs').where('id', '=', runId));
  });
}

/**
 * What sync may take while imports are under way: nothing above the heads the oldest of them
 * noted when it began (its rows, and everything written since, lie above). Null: no import runs.
 */
export async function importHorizon(db: Kysely<Database>): Promise<Heads | null> {
  const r = await db
    .selectFrom('import_runs')
    .select((eb) => [
      eb.fn.min('seq_from').as('seq'),
      eb.fn.min('sale_from').as('sale'),
      eb.fn.min('ledger_from').as('ledger'),
      eb.fn.min('customer_from').as('customer'),
      eb.fn.min('card_from').as('card'),
    ])
    .executeTakeFirst();
  if (!r || r.seq === null) return null;
  return { seq: Number(r.seq), sale: Number(r.sale), ledger: Number(r.ledger), customer: Number(r.customer), card: Number(r.card) };
}

const isForeignKeyError = (e: unknown): boolean => (e as { code?: unknown } | undefined)?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';

/**
 * Removes what an import wrote, one span per IMMEDIATE transaction (the counter gets in between),
 * then the import itself with a settings entry that makes the analysis caches start again. Rows
 * another write came to depend on stay (see the top of this file). Returns the rows removed.
 */
export async function sweepRun(k: SyncDb, runId: number, at: Date, between: () => Promise<void> = nextTurn): Promise<number> {
  const spans = runNow<{ tbl: number; lo: number; hi: number }>(
    k,
    k.db.selectFrom('import_spans').select(['tbl', 'lo', 'hi']).where('run_id', '=', runId).orderBy('tbl').orderBy('lo', 'desc'),
  );
  const dropSpan = preparedQuery(k, k.db.deleteFrom('import_spans').where('run_id', '=', 0).where('tbl', '=', 0).where('lo', '=', 0));
  // Points the till spent (or expiry took) from a lot of the import keep their lot: a lot goes only
  // when nothing drew from it and its point_lots row still holds all of it (0112: expiry deletes it).
  const ledger = preparedQuery(
    k,
    k.db
      .deleteFrom('points_ledger')
      .where('id', '>=', 0)
      .where('id', '<=', 0)
      // Drawn from: a draw of one of its customer's rows that take points (0112: no index of the
      // draws by lot, which a redeem paid a page per lot for).
      .where((eb) =>
        eb.or([
          eb('lot_debt', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('points_ledger as r')
                .innerJoin('point_draws as d', 'd.ledger_id', 'r.id')
                .select('d.lot_id')
                .whereRef('r.customer_id', '=', 'points_ledger.customer_id')
                .where('r.points', '<=', sql.lit(0))
                .whereRef('d.lot_id', '=', 'points_ledger.id'),
            ),
          ),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb('lot_debt', 'is', null),
          eb('lot_debt', '=', eb.ref('points')),
          eb.exists(
            eb
              .selectFrom('point_lots as l')
              .select('l.lot_id')
              .whereRef('l.customer_id', '=', 'points_ledger.customer_id')
              .where('l.expiry_key', '=', expiryKeySql('points_ledger.expires_at'))
              .whereRef('l.created_at', '=', 'points_ledger.created_at')
              .whereRef('l.lot_id', '=', 'points_ledger.id')
              .where('l.remaining', '=', sql<number>`points_ledger.points - points_ledger.lot_debt`),
          ),
        ]),
      )
      .returning(['customer_id', 'expires_at', 'created_at', 'id', 'lot_debt']),
  );
  const dropLot = lotStatements(k).drop;
  const dropLedger = (lo: number, hi: number): number => {
    const rows = ledger.all(lo, hi) as {
      customer_id: number;
      expires_at: number | null;
      created_at: number;
      id: number;
      lot_debt: number | null;
    }[];
    for (const r of rows) if (r.lot_debt !== null) dropLot.run(r.customer_id, expiryKey(r.expires_at), r.created_at, r.id);
    return rows.length;
  };
  const sale = preparedQuery(k, k.db.deleteFrom('sales').where('id', '=', 0));
  const customer = preparedQuery(k, k.db.deleteFrom('customers').where('id', '=', 0));
  // A kept customer keeps its creation entry: sync carries it with the till's sale that kept it. The
  // entries of a customers import's updates go: the customers they name are given back their values.
  const log = preparedQuery(
    k,
    k.db
      .deleteFrom('change_log')
      .where('seq', '>=', 0)
      .where('seq', '<=', 0)
      .where((eb) =>
        eb.not(
          eb.and([
            eb('entity', '=', ENTITY_CODES.customer),
            eb('op', '=', 'create'),
            eb.exists(eb.selectFrom('customers').select('id').whereRef('customers.id', '=', 'change_log.entity_id')),
          ]),
        ),
      ),
  );
  // Rows a later write refers to (a sale of the till to a customer the import created) are kept.
  const eachRow = (stmt: typeof sale, lo: number, hi: number): number => {
    let n = 0;
    for (let key = hi; key >= lo; key--) {
      try {
        n += stmt.run(key).changes;
      } catch (e) {
        if (!isForeignKeyError(e)) throw e;
      }
    }
    return n;
  };
  let removed = await restorePrevious(k, runId, between);
  for (const s of spans) {
    await alone(k, () => {
      if (s.tbl === TABLES.ledger) removed += dropLedger(s.lo, s.hi);
      else if (s.tbl === TABLES.sales) removed += eachRow(sale, s.lo, s.hi);
      else if (s.tbl === TABLES.customers) removed += eachRow(customer, s.lo, s.hi);
      else log.run(s.lo, s.hi, ENTITY_CODES.customer, 'create');
      dropSpan.run(runId, s.tbl, s.lo);
    });
    await between();
  }
  await alone(k, () => {
    runNow(k, k.db.deleteFrom('import_previous').where('run_id', '=', runId));
    runNow(k, k.db.deleteFrom('import_runs').where('id', '=', runId));
    // Nothing was ever committed: nobody can have counted it.
    if (spans.length > 0) changeLogBatch(k)('settings', 0, 'update', at.toISOString(), ['importRemoved']);
  });
  return removed;
}

/** Customers given back per transaction by a removal. */
const RESTORE_CHUNK = 200;

/**
 * Gives the customers a customers import changed back what they held (`import_previous`), a chunk
 * per IMMEDIATE transaction: each column the import wrote and that still holds what it wrote (a
 * column changed since, at the till or by an erasure, keeps the later value). Returns the customers
 * given anything back.
 */
async function restorePrevious(k: SyncDb, runId: number, between: () => Promise<void>): Promise<number> {
  const rows = runNow<{ customer_id: number; fields: string }>(
    k,
    k.db.selectFrom('import_previous').select(['customer_id', 'fields']).where('run_id', '=', runId).orderBy('customer_id'),
  );
  const current = (key: number, columns: string[]): Record<string, unknown> | undefined =>
    runNow<Record<string, unknown>>(
      k,
      k.db
        .selectFrom('customers')
        .select(columns as never[])
        .where('id', '=', key),
    )[0];
  let restored = 0;
  for (let i = 0; i < rows.length; i += RESTORE_CHUNK) {
    await alone(k, () => {
      for (const r of rows.slice(i, i + RESTORE_CHUNK)) {
        const fields = JSON.parse(r.fields) as Record<string, [before: unknown, written: unknown]>;
        const now = current(r.customer_id, Object.keys(fields));
        if (!now) continue;
        const back = Object.fromEntries(
          Object.entries(fields)
            .filter(([col, [, written]]) => now[col] === written)
            .map(([col, [before]]) => [col, before]),
        );
        if (Object.keys(back).length === 0) continue;
        runNow(k, k.db.updateTable('customers').set(back).where('id', '=', r.customer_id));
        restored++;
      }
    });
    await between();
  }
  return restored;
}

/**
 * Runs `body` in an IMMEDIATE transaction of the raw handle while kysely's connection is held: a
 * kysely transaction of another call, open across an await, would otherwise take it in as a savepoint.
 */
export function alone<T>(k: SyncDb, body: () => T): Promise<T> {
  return k.db.connection().execute(async () => k.sqlite.transaction(body).immediate());
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * At open: removes the rows of every import that cannot finish any more (its process on this
 * computer is gone, or it wrote nothing for STALE_AFTER_MS). An import another process is still
 * writing is left alone.
 */
export async function sweepDeadImports(k: SyncDb, now: Date = new Date()): Promise<{ runs: number; rows: number }> {
  const runs = runNow<{ id: number; pid: number; host: string; beat_at: number }>(
    k,
    k.db.selectFrom('import_runs').select(['id', 'pid', 'host', 'beat_at']).orderBy('id'),
  );
  let swept = 0;
  let rows = 0;
  const between = giveWay(k.sqlite);
  for (const r of runs) {
    const stale = Date.now() - r.beat_at > STALE_AFTER_MS;
    if (!stale && r.host === os.hostname() && isAlive(r.pid)) continue;
    rows += await sweepRun(k, r.id, now, between);
    swept++;
  }
  if (swept > 0) importStopped(k.sqlite.name);
  return { runs: swept, rows };
}
