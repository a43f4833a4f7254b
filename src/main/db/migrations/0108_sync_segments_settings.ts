/**
 * Segments and shop-wide settings in sync (issue 18). Two tills may each save a segment of one name
 * before they sync; both are kept (nothing dropped), so a live name is no longer unique in the
 * table: saving a segment still refuses a name already live on this till (services/segments.ts).
 * The partial indexes find a segment's and the settings' clocks in the change log.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `DROP INDEX segments_live_name`,
    `CREATE INDEX segments_live_name ON segments(name COLLATE NOCASE) WHERE deleted_at IS NULL`,
    `CREATE INDEX change_log_segment ON change_log(entity_id) WHERE entity = 5`,
    `CREATE INDEX change_log_settings ON change_log(seq) WHERE entity = 0`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
