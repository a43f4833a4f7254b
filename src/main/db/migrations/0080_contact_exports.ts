/**
 * Mailing-list exports (issue 15): each export of customers' contacts is recorded — when, from
 * where (the app or the command line), in which format, of which selection, whether people
 * without marketing consent were included, and how many rows left the shop. Personal data leaving
 * the file is what a privacy request asks about (Decree 13/2023, GDPR).
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE contact_exports (
        id TEXT PRIMARY KEY,
        exported_at TEXT NOT NULL,
        exported_by TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('mailchimp','excel','vcard')),
        selection TEXT NOT NULL,
        include_without_consent INTEGER NOT NULL CHECK (include_without_consent IN (0, 1)),
        rows INTEGER NOT NULL CHECK (rows >= 0)
      ) STRICT`,
    )
    .execute(db);
}
