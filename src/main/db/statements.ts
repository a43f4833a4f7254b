/**
 * Kysely's SQLite driver prepares every query afresh. At the counter that cost more than the
 * SQL: a sale prepares six statements, and each better-sqlite3 Statement is a native object
 * with a weak handle, so the garbage they leave made V8's young-generation collections take
 * 4–5 ms and land inside one sale in fifty (record_sale p99 6.8 ms, p50 2 ms). Kysely compiles a
 * query to the same SQL text every time (values are parameters), so statements are reused by
 * their text, least recently used out first.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct query shapes: the app has a few hundred; rule segments add one per rule-tree shape. */
export const STATEMENT_CACHE_SIZE = 500;

const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * `sqlite.prepare(sqlText)`, reused by its text on that connection, least recently used out first:
 * kysely's driver (below) and the code that runs statements on the raw handle (a sync feed's apply,
 * sync/compiled.ts) share one cache per connection.
 */
export function cachedStatement(sqlite: BetterSqlite3.Database, sqlText: string, max = STATEMENT_CACHE_SIZE): BetterSqlite3.Statement {
  let cache = caches.get(sqlite);
  if (!cache) caches.set(sqlite, (cache = new Map()));
  const hit = cache.get(sqlText);
  // A statement still being iterated (a streamed query) cannot run twice: prepare another.
  if (hit && !hit.busy) {
    cache.delete(sqlText);
    cache.set(sqlText, hit);
    return hit;
  }
  const stmt = sqlite.prepare(sqlText);
  cache.set(sqlText, stmt);
  if (cache.size > max) cache.delete(cache.keys().next().value!);
  return stmt;
}

export function statementCachingDatabase(sqlite: BetterSqlite3.Database, max = STATEMENT_CACHE_SIZE): SqliteDatabase {
  return {
    close: () => sqlite.close(),
    prepare: (sqlText: string): SqliteStatement => cachedStatement(sqlite, sqlText, max),
  };
}
