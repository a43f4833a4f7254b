/**
 * What sync finds that offline tills could not prevent (issue 18).
 *  - sync_findings: one row per (kind, subject), derived by sync from the facts alone (sync/findings.ts),
 *    so every install that has everything finds the same rows. Rows involved are global ids (JSON),
 *    `at` the moment the facts say it happened, `installs` the installs whose feeds brought them.
 *  - coupons without "used_count <= usage_limit": a single-use coupon redeemed on two tills before
 *    they synced is used twice, and sync keeps both purchases. The counter's conditional update still
 *    never takes a use past the limit on one till. SQLite cannot drop a CHECK in place: the table is
 *    rebuilt; the few purchases that point to a coupon are unhooked while the old table goes (the
 *    foreign key is checked at once inside the migration's transaction) and hooked back after.
 *  - partial indexes of campaign and coupon log entries: their field clocks, as for customers and cards.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE coupons_new (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      code TEXT NOT NULL UNIQUE,
      campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
      customer_id INTEGER REFERENCES customers(id),
      usage_limit INTEGER NOT NULL CHECK (usage_limit > 0),
      used_count INTEGER NOT NULL DEFAULT 0 CHECK (used_count >= 0),
      issued_at TEXT NOT NULL,
      voided_at TEXT,
      void_reason TEXT
    ) STRICT`,
    `INSERT INTO coupons_new SELECT id, gid, code, campaign_id, customer_id, usage_limit, used_count, issued_at, voided_at, void_reason
      FROM coupons ORDER BY id`,
    `CREATE TEMP TABLE coupon_sales_0105 AS SELECT id, coupon_id FROM sales WHERE coupon_id IS NOT NULL`,
    `UPDATE sales SET coupon_id = NULL WHERE coupon_id IS NOT NULL`,
    `DROP TABLE coupons`,
    `ALTER TABLE coupons_new RENAME TO coupons`,
    `CREATE INDEX coupons_campaign ON coupons(campaign_id, customer_id)`,
    `UPDATE sales SET coupon_id = (SELECT t.coupon_id FROM coupon_sales_0105 t WHERE t.id = sales.id)
      WHERE id IN (SELECT id FROM coupon_sales_0105)`,
    `DROP TABLE coupon_sales_0105`,
    `CREATE TABLE sync_findings (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      subject BLOB NOT NULL,
      rows TEXT NOT NULL,
      detail TEXT NOT NULL,
      at INTEGER NOT NULL,
      installs TEXT NOT NULL,
      UNIQUE (kind, subject)
    ) STRICT`,
    `CREATE INDEX change_log_campaign ON change_log(entity_id) WHERE entity = 6`,
    `CREATE INDEX change_log_coupon ON change_log(entity_id) WHERE entity = 7`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
