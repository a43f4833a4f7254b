/**
 * Points expiry (issue 16) without the index of due lots. `points_ledger_due` (0100) kept every open
 * lot with an expiry in expiry order; only the first expiry (a statement per lot, in expiry order)
 * read it. Expiry now goes through ranges of customers on `points_ledger_open`, and every lot a
 * purchase earns, a redemption or a void empties, or an expiry takes still updated the index: at a
 * year of lots an expiry run wrote 1.67 pages of the file per lot with it and 1.19 without (its
 * entries are in expiry order, the run's in customer order). Frozen once merged: never edit, add a
 * new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS points_ledger_due`.execute(db);
}
