/**
 * Tiers that give something and the earning rules (issue 16).
 *  - tier_floors: a tier the owner set by hand for a customer, a floor until a local date
 *    (inclusive), with the reason, who set it and when. Ending it early keeps the row (cleared_at,
 *    clear_reason): the customer page and an audit can say why a customer was Gold last spring. At
 *    most one floor per customer is in force (cleared_at IS NULL), which the partial unique index holds.
 *  - point_bonuses: one row per bonus a customer got for an occasion ('signup', 'birthday-2026'),
 *    naming the ledger row it wrote. Its primary key is what makes a rerun of the birthday job, or
 *    a retried sign-up, never pay twice.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of [
    `CREATE TABLE tier_floors (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      tier TEXT NOT NULL,
      reason TEXT NOT NULL,
      until TEXT NOT NULL,
      set_at TEXT NOT NULL,
      set_by TEXT,
      cleared_at TEXT,
      clear_reason TEXT
    ) STRICT`,
    `CREATE UNIQUE INDEX tier_floors_current ON tier_floors(customer_id) WHERE cleared_at IS NULL`,
    `CREATE TABLE point_bonuses (
      customer_id TEXT NOT NULL REFERENCES customers(id),
      occasion TEXT NOT NULL,
      ledger_id TEXT NOT NULL REFERENCES points_ledger(id) DEFERRABLE INITIALLY DEFERRED,
      PRIMARY KEY (customer_id, occasion)
    ) STRICT, WITHOUT ROWID`,
  ]) {
    await sql.raw(s).execute(db);
  }
}
