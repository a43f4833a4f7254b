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

export function statementCachingDatabase(sqlite: BetterSqlite3.Database, max = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string): SqliteStatement {
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
    },
  };
}
