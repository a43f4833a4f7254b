/**
 * An export reads in a snapshot and writes briefly (docs/architecture.md, "Feeds"). A large shop's
 * first batch takes the better part of a second to read; inside one write transaction on the shop's
 * connection, every purchase rung up meanwhile waited for all of it. So the reading is done on a
 * second connection to the same file, inside one read transaction (SQLite's WAL gives it one
 * consistent snapshot while the counter keeps writing on the shop's connection), and the event loop
 * turns after every query on it, so a purchase gets in between two reads rather than after the batch.
 * The marks the batch was cut at come from that snapshot, so a change made while it is read has a
 * later seq or key and goes in the next batch. The writes (findings, the marks) are one short
 * IMMEDIATE transaction on the shop's connection after the pieces are published.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs } from 'kysely';
import type { QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { immediateTransaction } from '../db/busy';
import { rawHandle } from '../db/rawHandle';
import type { Database } from '../db/schema';
import { statementCachingDatabase } from '../db/statements';
import type { FeedEntry } from './entries';
import type { FindingKindName, SubjectsByKind } from './findings';
import { pieceCutter, type PieceLimits } from './split';

/** Lets the event loop turn, so the counter's calls waiting for the shop file get in. */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A turn of the event loop after every query on the reading connection. */
class TurnAfterEachQuery implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await turn();
    return args.result;
  }
}

export interface Snapshot {
  /** Reads, all in one snapshot of the file. */
  read: Kysely<Database>;
  /** The reading connection's own handle, for statements compiled once (sync/compiled.ts). */
  raw: BetterSqlite3.Database | undefined;
  /** Runs the export's writes in one short IMMEDIATE transaction on the shop's connection. */
  write<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Whether reading and writing are apart (false: one write transaction for all, a file in memory). */
  apart: boolean;
}

export async function inSnapshot<T>(db: Kysely<Database>, fn: (s: Snapshot) => Promise<T>): Promise<T> {
  const main = rawHandle(db);
  if (!main || main.memory || main.name === '' || main.inTransaction)
    return immediateTransaction(db, (trx) => fn({ read: trx, raw: main, write: (w) => w(trx), apart: false }));
  const sqlite = new BetterSqlite3(main.name, { fileMustExist: true });
  sqlite.pragma('query_only = 1');
  sqlite.pragma('busy_timeout = 5000');
  const reader = new Kysely<Database>({
    dialect: new SqliteDialect({ database: statementCachingDatabase(sqlite) }),
    plugins: [new TurnAfterEachQuery()],
  });
  try {
    return await reader
      .transaction()
      .execute((trx) => fn({ read: trx, raw: sqlite, write: (w) => immediateTransaction(db, w), apart: true }));
  } finally {
    await reader.destroy();
  }
}

/** Moves `sync_state` past a batch, unless another export of this file (a second process) moved it since the snapshot. */
export async function moveMarks(
  trx: Kysely<Database>,
  from: number,
  to: { feed_seq: number; change_seq: number; sale_key: number; ledger_key: number },
): Promise<void> {
  const r = await trx.updateTable('sync_state').set(to).where('id', '=', 1).where('feed_seq', '=', from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1)
    throw new Error('another sync of this shop exported at the same time; sync again (what it published is taken up then)');
}

/** Rows read per query of a key range, and entries handled between two turns of the event loop (each well under 50 ms). */
export const READ_CHUNK = 1_000;
export const TURN_EVERY = 100;

/** (lo, hi] ranges of at most READ_CHUNK keys covering (from, to]. */
export function keyRanges(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let lo = from; lo < to; lo += READ_CHUNK) out.push([lo, Math.min(lo + READ_CHUNK, to)]);
  return out;
}

/** `splitBody` (sync/split.ts) with a turn of the event loop every few hundred entries: encoding a large shop's batch takes a while. */
export async function splitInTurns(
  first: FeedEntry,
  body: readonly FeedEntry[],
  last: FeedEntry,
  limits: PieceLimits,
): Promise<FeedEntry[][]> {
  const cut = pieceCutter(limits);
  for (const [i, e] of body.entries()) {
    if (i % TURN_EVERY === 0) await turn();
    cut.add(e);
  }
  return cut.pieces(first, last);
}

/** Findings' subjects a hundred at a time, each lot refreshed in its own short write (a first batch names every customer). */
export function subjectChunks(keys: Record<FindingKindName, number[]>, size = 100): SubjectsByKind[] {
  const out: SubjectsByKind[] = [];
  for (const kind of Object.keys(keys) as FindingKindName[])
    for (let i = 0; i < keys[kind].length; i += size) out.push({ [kind]: keys[kind].slice(i, i + size) });
  return out;
}
