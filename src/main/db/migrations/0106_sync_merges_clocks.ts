/**
 * Sync of merges, tier floors and clocks (issue 18). Each peer's clock as its last feed showed it:
 * `clock_offset_ms` is the writer's clock at export minus this install's at apply, a lower bound of
 * how far ahead it runs (the feed may have waited in the folder); `clock_offset_max_ms` the upper
 * bound the peer itself reported (minus its own measure of this install's clock), null until it has
 * measured us; `clock_at` when it was measured (ISO). The partial indexes find a merge's, a tier
 * floor's and a rating's clocks in the change log, which is what orders merges and floors on every install.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE sync_peers ADD COLUMN clock_offset_ms INTEGER`,
    `ALTER TABLE sync_peers ADD COLUMN clock_offset_max_ms INTEGER`,
    `ALTER TABLE sync_peers ADD COLUMN clock_at TEXT`,
    `CREATE INDEX change_log_customer_merge ON change_log(entity_id) WHERE entity = 11`,
    `CREATE INDEX change_log_tier_floor ON change_log(entity_id) WHERE entity = 13`,
    `CREATE INDEX change_log_feedback ON change_log(entity_id) WHERE entity = 9`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
