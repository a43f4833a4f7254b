import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../db/schema';

/** What every service function receives: the database and a clock (tests pin the time). */
export interface Ctx {
  db: Kysely<Database>;
  now: () => Date;
  dataDir: string;
  /** The same connection's raw handle, for the synchronous bulk path (bulk.ts); set by openBackend. */
  sqlite?: BetterSqlite3.Database;
}

export type Tx = Transaction<Database> | Kysely<Database>;

export const newId = (): string => uuidv7();

/**
 * Lets other calls (the counter's swipe and sale) run between chunks of long work: service calls
 * resolve through microtasks only, so without a turn of the event loop nothing else gets in.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Paces a long loop by time rather than by rows (rows differ a hundredfold in cost: a phone to parse,
 * a date, a bare receipt): `if (pace.due()) await pace.turn()` gives the event loop away once a slice
 * of work has run, so a call that arrived meanwhile waits at most about one slice.
 */
export class Pacer {
  private last = performance.now();
  constructor(private readonly sliceMs = 8) {}
  due(): boolean {
    return performance.now() - this.last >= this.sliceMs;
  }
  async turn(): Promise<void> {
    await nextTurn();
    this.last = performance.now();
  }
}

/** Next value of a named counter (customer codes, card numbers); call inside the write transaction. */
export async function nextSequence(tx: Tx, name: string): Promise<number> {
  const row = await tx
    .insertInto('sequences')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('sequences.value', '+', 1) })))
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}
