/**
 * Satisfaction (issue 16): after a purchase staff may note how the customer felt, 1–5 and a note.
 * `sale_id` is optional (a rating can come without a purchase, by phone); `recorded_by` stays
 * NULL until staff accounts exist. The customer index serves the customer page's average and
 * notes; the time index, which carries the rating, serves the dashboard's period figures and the
 * "unhappy recently" segment rule without reading table rows.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of [
    `CREATE TABLE feedback (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      sale_id TEXT REFERENCES sales(id),
      rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
      note TEXT,
      created_at TEXT NOT NULL,
      recorded_by TEXT
    ) STRICT`,
    `CREATE INDEX feedback_customer ON feedback (customer_id, created_at)`,
    `CREATE INDEX feedback_time ON feedback (created_at, rating, customer_id)`,
  ]) {
    await sql.raw(s).execute(db);
  }
}
