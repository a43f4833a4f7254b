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
    // A customer absorbed on two tills before they synced is absorbed by two merges (both kept, the earlier
    // decides: sync/merges.ts): absorbed_id loses its UNIQUE, which only a rebuild of the table can drop.
    `CREATE TABLE customer_merges_new (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      survivor_id INTEGER NOT NULL,
      absorbed_id INTEGER NOT NULL,
      choices TEXT NOT NULL,
      moved TEXT NOT NULL,
      merged_at TEXT NOT NULL
    ) STRICT`,
    `INSERT INTO customer_merges_new (id, gid, survivor_id, absorbed_id, choices, moved, merged_at)
      SELECT id, gid, survivor_id, absorbed_id, choices, moved, merged_at FROM customer_merges ORDER BY id`,
    `DROP TABLE customer_merges`,
    `ALTER TABLE customer_merges_new RENAME TO customer_merges`,
    `CREATE INDEX customer_merges_survivor ON customer_merges(survivor_id)`,
    `CREATE INDEX customer_merges_absorbed ON customer_merges(absorbed_id)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
