/**
 * Merging duplicate customers (issue 17). The absorbed customer is never deleted: sync and audits
 * follow its id. It is hidden the way an erased customer is (erased_at set, so every list, search,
 * segment and export that leaves erased customers out leaves it out too, with no new condition in
 * their queries or partial indexes) and `merged_into` names the survivor, so an old id (a till's
 * queued sale, a link) still leads to the person. `customer_merges` records each merge: who, which
 * side each field was taken from, and how many rows moved.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE customers ADD COLUMN merged_into TEXT`,
    `CREATE INDEX customers_merged_into ON customers(merged_into) WHERE merged_into IS NOT NULL`,
    `CREATE TABLE customer_merges (
      id TEXT PRIMARY KEY,
      survivor_id TEXT NOT NULL,
      absorbed_id TEXT NOT NULL UNIQUE,
      choices TEXT NOT NULL,
      moved TEXT NOT NULL,
      merged_at TEXT NOT NULL
    ) STRICT`,
    `CREATE INDEX customer_merges_survivor ON customer_merges(survivor_id)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
