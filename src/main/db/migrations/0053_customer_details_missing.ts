/**
 * Customers an import created from a code alone (an old till that exported only customer
 * numbers) are flagged so the customer page asks for their name and contact details; saving the
 * customer's form clears the flag. A column rather than a tag: tags are the owner's own words,
 * and the flag must not be edited away by accident or show up in tag segments.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE customers ADD COLUMN details_missing INTEGER NOT NULL DEFAULT 0 CHECK (details_missing IN (0, 1))`.execute(db);
}
