/**
 * The better-sqlite3 handle behind a shop's kysely instance, for code that is handed only the
 * kysely instance and runs tens of thousands of statements inside one of its transactions (a sync
 * feed's apply): the same connection, so they write into that transaction, without kysely's
 * per-query promise chain.
 */
import type BetterSqlite3 from 'better-sqlite3';

const handles = new WeakMap<object, BetterSqlite3.Database>();

export function bindRawHandle(db: object, sqlite: BetterSqlite3.Database): void {
  handles.set(db, sqlite);
}

/** The handle, or undefined for a kysely instance that was not opened by db/open.ts. */
export function rawHandle(db: object): BetterSqlite3.Database | undefined {
  return handles.get(db);
}
