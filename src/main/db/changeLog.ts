/**
 * The change log: one row per write of an entity, in the same transaction as the write. It feeds
 * the analysis caches (services/derived.ts reads what changed since its last look), the audit
 * view and sync. Every writer goes through this module: `logChange` inside a kysely transaction,
 * `changeLogWriter` on the prepared, synchronous path (the counter's sale, bulk).
 *
 * Each entry carries this install (`origin`) and a hybrid-logical-clock time (shared/hlc.ts)
 * taken from the write's instant and the last entry of the log, read inside the same write
 * transaction: the write lock orders every writer, the app and the CLI alike, so the times of one
 * install are strictly increasing and unique without any state kept in memory. `data` names the
 * fields an update changed; a fact (a card issued, a customer created) is described by its row,
 * which sync reads by the entity's key (docs/architecture.md, "The change log and sync"). Entities
 * are stored as codes and rows by their local key (0100); a purchase's creation is not logged at
 * all: sales are append-only with increasing keys, so the feed reads them by key.
 */
import { sql, type Kysely } from 'kysely';
import { tickHlc } from '../../shared/hlc';
import { ENTITY_CODES, type EntityName } from './entities';
import { preparedFirst, preparedInsert, type SyncDb } from './prepared';
import type { Database } from './schema';

/** The field names an update changed (column names); omitted for a fact its row describes. */
export type ChangedFields = readonly string[] | null;

interface Head {
  last: number | null;
  origin: number | null;
}

function headQuery(db: Kysely<Database>) {
  return db.selectNoFrom((eb) => [
    eb.selectFrom('change_log').select('hlc').orderBy('seq', 'desc').limit(1).as('last'),
    eb.selectFrom('installs').select('key').where('current', '=', 1).as('origin'),
  ]);
}

function originOf(head: Head | undefined): number {
  if (head?.origin == null) throw new Error('no current install: the change log cannot say who wrote');
  return head.origin;
}

const encode = (fields: ChangedFields | undefined): string | null => (fields && fields.length > 0 ? JSON.stringify(fields) : null);

/** Appends one change inside the caller's kysely transaction; `entityId` is the row's local key (settings: 0). */
export async function logChange(
  tx: Kysely<Database>,
  entity: EntityName,
  entityId: number,
  op: string,
  at: string,
  fields?: ChangedFields,
): Promise<void> {
  const head = (await headQuery(tx).executeTakeFirst()) as Head | undefined;
  await tx
    .insertInto('change_log')
    .values({
      hlc: tickHlc(head?.last ?? 0, Date.parse(at)),
      origin: originOf(head),
      entity: ENTITY_CODES[entity],
      entity_id: entityId,
      op,
      data: encode(fields),
    })
    .execute();
}

/**
 * Appends an entry with its time and install given: a change another install made, as sync applies
 * it (the clocks last-writer-wins compares), and sync's own closing entry at `receiveHlc`, which
 * keeps the log's last entry the clock's high point (sync/apply.ts).
 */
export async function logWithClock(
  tx: Kysely<Database>,
  entity: EntityName,
  entityId: number,
  op: string,
  hlc: number,
  origin: number,
  fields?: ChangedFields,
): Promise<void> {
  await tx
    .insertInto('change_log')
    .values({ hlc, origin, entity: ENTITY_CODES[entity], entity_id: entityId, op, data: encode(fields) })
    .execute();
}

export type ChangeLogWriter = (entity: EntityName, entityId: number, op: string, at: string, fields?: ChangedFields) => void;

/**
 * A synchronous appender for the prepared path; call it inside the write's transaction. It reads
 * the log's last entry on every call (a seek to the end of the table), so one writer may serve
 * many transactions, as the counter's does.
 */
export function changeLogWriter(k: SyncDb): ChangeLogWriter {
  const head = preparedFirst<Head>(k, headQuery(k.db));
  const insert = insertStatement(k);
  return (entity, entityId, op, at, fields) => {
    const h = head();
    insert([tickHlc(h?.last ?? 0, Date.parse(at)), originOf(h), ENTITY_CODES[entity], entityId, op, encode(fields)]);
  };
}

/**
 * The same for one batch inside one transaction (bulk): the last entry and the install are read
 * once, the clock then counts in memory. Using it after its transaction ended would reuse times.
 */
export function changeLogBatch(k: SyncDb): ChangeLogWriter {
  const h = preparedFirst<Head>(k, headQuery(k.db))();
  const origin = originOf(h);
  const insert = insertStatement(k);
  let last = h?.last ?? 0;
  let lastAt = '';
  let lastMs = 0;
  return (entity, entityId, op, at, fields) => {
    if (at !== lastAt) {
      lastAt = at;
      lastMs = Date.parse(at);
    }
    last = tickHlc(last, lastMs);
    insert([last, origin, ENTITY_CODES[entity], entityId, op, encode(fields)]);
  };
}

/** logWithClock as one prepared statement, run synchronously: sync's apply writes thousands of entries in one transaction. */
export function clockedLogWriter(
  k: SyncDb,
): (entity: EntityName, entityId: number, op: string, hlc: number, origin: number, fields?: ChangedFields) => void {
  const insert = insertStatement(k);
  return (entity, entityId, op, hlc, origin, fields) => void insert([hlc, origin, ENTITY_CODES[entity], entityId, op, encode(fields)]);
}

function insertStatement(k: SyncDb) {
  return preparedInsert(k, 'change_log', ['hlc', 'origin', 'entity', 'entity_id', 'op', 'data']);
}

/**
 * A set-based writer's entries (points expiry writes a chunk's ledger rows with one INSERT … SELECT):
 * one entry per points_ledger row with a key above `after`, in key order, the i-th at `hlc0 + i`
 * (each one past the last, as tickHlc counts; the caller reads the log's head in the same write
 * transaction). Returned as a query for the caller to run on its own connection path.
 */
export function ledgerRowEntriesAfter(db: Kysely<Database>, c: { after: number; origin: number; hlc0: number; op: string }) {
  return db
    .insertInto('change_log')
    .columns(['hlc', 'origin', 'entity', 'entity_id', 'op', 'data'])
    .expression(
      db
        .selectFrom('points_ledger')
        .where('id', '>', c.after)
        .select([
          sql<number>`${c.hlc0 - c.after} + id`.as('hlc'),
          sql<number>`${c.origin}`.as('origin'),
          sql<number>`${ENTITY_CODES.points}`.as('entity'),
          'id',
          sql<string>`${c.op}`.as('op'),
          sql<null>`NULL`.as('data'),
        ])
        .orderBy('id'),
    );
}
