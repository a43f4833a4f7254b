/**
 * A kysely query compiled once and run many times with new values: applying a feed runs the same
 * few lookups and inserts tens of thousands of times, and building and compiling each one again,
 * then kysely's promise chain per query, cost more than the SQL. Values go in as named slots.
 * With the shop's raw handle (db/rawHandle.ts) the statement is prepared once on it and run
 * synchronously on the same connection, inside whatever transaction `db` holds; without it, the
 * compiled query goes through kysely (the same SQL text every run, so its statement cache hits).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, Insertable, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { cachedStatement } from '../db/statements';

const SLOT = '\u0000slot:';

/** Marks where a run's value goes (the query is still built by kysely, with its types). */
export const slot = (name: string): never => `${SLOT}${name}` as never;

/** The compiled query's parameters with each slot filled from `values` (the others as built). */
function binder(c: CompiledQuery): (values: Record<string, unknown>) => unknown[] {
  const names = c.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? p.slice(SLOT.length) : null));
  return (values) =>
    c.parameters.map((p, i) => {
      const name = names[i];
      if (name === null || name === undefined) return p;
      if (!(name in values)) throw new Error(`compiled query: no value for ${name}`);
      return values[name];
    });
}

export function compileOnce<R>(
  db: Kysely<Database>,
  q: { compile(): CompiledQuery<R> },
  raw?: BetterSqlite3.Database,
): (values: Record<string, unknown>) => Promise<R[]> {
  const c = q.compile();
  const bind = binder(c);
  if (raw) {
    const stmt = cachedStatement(raw, c.sql);
    return async (values) => {
      if (stmt.reader) return stmt.all(bind(values)) as R[];
      stmt.run(bind(values));
      return [];
    };
  }
  return async (values) => (await db.executeQuery<R>({ ...c, parameters: bind(values) })).rows;
}

/**
 * `INSERT INTO table (…) VALUES (…)`, compiled once per set of columns, returning the new row's id:
 * the call site still passes a typed row, as to kysely's insertInto. On the raw handle the id is the
 * statement's own `lastInsertRowid` (no RETURNING row built for each of tens of thousands).
 */
export function insertOnce<T extends 'sales' | 'points_ledger'>(
  db: Kysely<Database>,
  table: T,
  raw?: BetterSqlite3.Database,
): (values: Insertable<Database[T]>) => Promise<number> {
  type Run = (values: Record<string, unknown>) => Promise<number>;
  const byColumns = new Map<string, Run>();
  const compile = (columns: string[]): Run => {
    const template = Object.fromEntries(columns.map((c) => [c, slot(c)]));
    const q = db.insertInto(table).values(template as never);
    if (raw) {
      const c = q.compile();
      const stmt = cachedStatement(raw, c.sql);
      const bind = binder(c);
      return async (values) => Number(stmt.run(bind(values)).lastInsertRowid);
    }
    const run = compileOnce(db, q.returning('id' as never));
    return async (values) => {
      const [row] = (await run(values)) as { id: number }[];
      if (!row) throw new Error(`no row inserted into ${table}`);
      return row.id;
    };
  };
  return async (values) => {
    const columns = Object.keys(values);
    const shape = columns.join(',');
    let run = byColumns.get(shape);
    if (!run) byColumns.set(shape, (run = compile(columns)));
    return run(values as Record<string, unknown>);
  };
}

/** `UPDATE table SET … WHERE id = ?`, compiled once per set of columns. */
export function updateOnce(
  db: Kysely<Database>,
  table: 'customers',
  raw?: BetterSqlite3.Database,
): (set: Record<string, unknown>, id: number) => Promise<void> {
  const byColumns = new Map<string, (values: Record<string, unknown>) => Promise<unknown[]>>();
  return async (set, id) => {
    const columns = Object.keys(set);
    const shape = columns.join(',');
    let run = byColumns.get(shape);
    if (!run) {
      const template = Object.fromEntries(columns.map((c) => [c, slot(`set ${c}`)]));
      const q = db
        .updateTable(table)
        .set(template as never)
        .where('id', '=', slot('id'));
      run = compileOnce(db, q, raw);
      byColumns.set(shape, run);
    }
    await run({ ...Object.fromEntries(columns.map((c) => [`set ${c}`, set[c]])), id });
  };
}
