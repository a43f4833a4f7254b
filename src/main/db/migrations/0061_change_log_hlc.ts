/**
 * The change log becomes the basis of sync (issue 14). Each entry now says which install made it
 * (`origin`, the local key of its installs row, 0060), when in hybrid-logical-clock time (`hlc`,
 * shared/hlc.ts: ms × 1024 + counter, which replaces the ISO `at` text and holds its instant), and
 * what changed (`data`: the names of the changed fields as a JSON array, or NULL when the entry is
 * a fact whose row says everything — a sale, a card issued, a customer created).
 *
 * Every old row is kept with its seq; its HLC is its `at` with the clock's own rule applied in seq
 * order (never behind the previous entry: rows written in one batch with one `at` count up from
 * it), so the old history is ordered exactly as before. Its origin is this file's install.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE change_log_next (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    hlc INTEGER NOT NULL,
    origin INTEGER NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL,
    data TEXT
  ) STRICT`.execute(db);
  // hlc_i = max(hlc_(i-1) + 1, ms_i × 1024), unrolled: i + max over j ≤ i of (ms_j × 1024 − j).
  // A time that does not parse counts as 0, i.e. it follows the entry before it.
  await sql`INSERT INTO change_log_next (seq, hlc, origin, entity, entity_id, op, data)
    SELECT seq, n + max(base - n) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING),
      (SELECT key FROM installs WHERE current = 1), entity, entity_id, op, NULL
    FROM (
      SELECT seq, entity, entity_id, op, row_number() OVER (ORDER BY seq) AS n,
        coalesce(CAST(round(unixepoch(at, 'subsec') * 1000) AS INTEGER), 0) * 1024 AS base
      FROM change_log
    )
    ORDER BY seq`.execute(db);
  await sql`DROP TABLE change_log`.execute(db);
  await sql`ALTER TABLE change_log_next RENAME TO change_log`.execute(db);
}
