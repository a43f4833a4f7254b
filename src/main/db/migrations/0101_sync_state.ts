/**
 * Sync through feeds (issue 18): what this install has exported and what it has applied of others.
 * `sync_state` is one row: the last feed this install wrote, and the marks that feed was cut at
 * (change_log seq, sales key, ledger key), so the next export starts after them. `sync_peers` is
 * the last feed applied from each other install, so a feed is applied once and in order. The
 * partial indexes find a customer's or a card's entries when sync compares clocks (last writer
 * wins): customers and cards are a small part of the log, so the indexes are small.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE sync_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      feed_seq INTEGER NOT NULL,
      change_seq INTEGER NOT NULL,
      sale_key INTEGER NOT NULL,
      ledger_key INTEGER NOT NULL
    ) STRICT`,
    `INSERT INTO sync_state (id, feed_seq, change_seq, sale_key, ledger_key) VALUES (1, 0, 0, 0, 0)`,
    `CREATE TABLE sync_peers (
      install INTEGER PRIMARY KEY REFERENCES installs(key),
      feed_seq INTEGER NOT NULL
    ) STRICT`,
    `CREATE INDEX change_log_customer ON change_log(entity_id) WHERE entity = 1`,
    `CREATE INDEX change_log_card ON change_log(entity_id) WHERE entity = 2`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
