/**
 * Search at 100k customers: an index over the live customers in the list's order that also holds
 * every searched column (folded name, code, phone digits). Broad and short searches then walk it
 * in order, test each entry without reading the row, and stop after one page; counts read the
 * index instead of the table. erased_at is always NULL in it, but without the column SQLite
 * reads every row to re-check the partial index's condition (no COVERING INDEX). Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX customers_live_name ON customers(search_name, code, phone_digits, erased_at) WHERE erased_at IS NULL`.execute(db);
}
