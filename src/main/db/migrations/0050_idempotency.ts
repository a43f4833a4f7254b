/**
 * Client-chosen idempotency keys (issue 19): a till that lost the answer to a sale retries it
 * with the same key and gets the first answer back instead of a second sale. One row per key,
 * written in the same transaction as the thing it created. The key is the primary key of a
 * WITHOUT ROWID table, so recording one costs a single b-tree insert at the counter.
 * `request_hash` is a digest of the method's parsed input: the same key with another input is
 * refused. Rows older than a week are pruned (services/idempotency.ts).
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE idempotency_keys (
    key TEXT PRIMARY KEY,
    method TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT, WITHOUT ROWID`.execute(db);
}
