/**
 * Saved rule segments. The rule tree is stored, never the members: a segment re-evaluates each
 * time it is opened. Deleting hides it (deleted_at) so a campaign that used it can still say which.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE segments (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      rule TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT`,
    `CREATE UNIQUE INDEX segments_live_name ON segments(name COLLATE NOCASE) WHERE deleted_at IS NULL`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
