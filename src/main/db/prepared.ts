/**
 * Statements built by kysely (parameters, never concatenated SQL), compiled once and prepared
 * once on the better-sqlite3 handle, then run synchronously. The counter's sale and the bulk
 * imports use them: through kysely's async driver every statement is an await plus a fresh
 * compile, which costs more than the SQL at the counter and at a million rows.
 *
 * Called while a transaction is open on the same handle (kysely's, or a better-sqlite3 one),
 * they write into it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema';

/** The same connection seen two ways: kysely to build statements, the raw handle to run them. */
export interface SyncDb {
  db: Kysely<Database>;
  sqlite: BetterSqlite3.Database;
}

type Row<T extends keyof Database> = { [K in keyof Database[T]]?: unknown };

/**
 * Compiles `INSERT INTO table (columns) VALUES (?, …)` with kysely once and prepares it. The
 * template's values are the column names themselves, so the compiled parameter list proves the
 * placeholder order we bind by.
 */
export function preparedInsert<T extends keyof Database & string>(k: SyncDb, table: T, columns: readonly (keyof Database[T] & string)[]) {
  const template = Object.fromEntries(columns.map((c) => [c, c])) as Row<T>;
  const compiled = k.db
    .insertInto(table)
    .values(template as never)
    .compile();
  assertOrder(compiled, columns);
  const stmt = k.sqlite.prepare(compiled.sql);
  return (values: unknown[]) => stmt.run(values);
}

function assertOrder(compiled: CompiledQuery, columns: readonly string[]): void {
  const p = compiled.parameters;
  if (p.length !== columns.length || p.some((v, i) => v !== columns[i])) {
    throw new Error(`prepared insert: unexpected parameter order in ${compiled.sql}`);
  }
}

/** Prepares a kysely query's SQL; the caller binds parameters in the query's order. */
export function preparedQuery(k: SyncDb, q: { compile(): CompiledQuery }): BetterSqlite3.Statement {
  return k.sqlite.prepare(q.compile().sql);
}

/** A fixed query (its parameters are the ones it was built with), prepared once: each call returns its first row. */
export function preparedFirst<R>(k: SyncDb, q: { compile(): CompiledQuery }): () => R | undefined {
  const c = q.compile();
  const stmt = k.sqlite.prepare(c.sql);
  const params = c.parameters as unknown[];
  return () => stmt.get(params) as R | undefined;
}

/** Compiles and runs a query once, synchronously, with its own parameters; returns its rows. */
export function runNow<R>(k: SyncDb, q: { compile(): CompiledQuery }): R[] {
  const c = q.compile();
  const stmt = k.sqlite.prepare(c.sql);
  if (!stmt.reader) {
    stmt.run(c.parameters as unknown[]);
    return [];
  }
  return stmt.all(c.parameters as unknown[]) as R[];
}
