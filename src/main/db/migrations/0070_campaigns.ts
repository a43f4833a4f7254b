/**
 * Campaigns and coupons (issue 15).
 *  - campaigns: who it is for (the audience, JSON), the offer, the validity window in the shop's
 *    calendar days (both ends included), the minimum purchase, the hold-out share.
 *  - campaign_members: the audience as it was when the coupons were issued, hold-out included
 *    (holdout = 1, no coupon), so results compare the two groups and later changes to a segment
 *    do not change who holds a coupon.
 *  - coupons: one per member, or one shared code (customer_id NULL) with a usage limit. The
 *    CHECK on used_count is the last guard of "one use": the redemption's conditional update
 *    never takes a coupon past its limit, and if code ever tried, the statement would fail.
 *  - sales.amount_before / sales.coupon_id: a sale with a coupon keeps what it came to before the
 *    discount (total stays what was paid, so every existing figure counts money received). The
 *    partial index holds only coupon sales, so the counter's ordinary sale writes no extra page.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of [
    `CREATE TABLE campaigns (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      audience TEXT NOT NULL,
      offer_kind TEXT NOT NULL CHECK (offer_kind IN ('percent','amount','item','points')),
      offer_value INTEGER NOT NULL DEFAULT 0,
      offer_text TEXT,
      min_purchase INTEGER NOT NULL DEFAULT 0,
      valid_from TEXT NOT NULL,
      valid_to TEXT NOT NULL,
      holdout_percent INTEGER NOT NULL DEFAULT 0 CHECK (holdout_percent BETWEEN 0 AND 50),
      status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','issued','paused')),
      issued_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    `CREATE TABLE campaign_members (
      campaign_id TEXT NOT NULL REFERENCES campaigns(id),
      customer_id TEXT NOT NULL REFERENCES customers(id),
      holdout INTEGER NOT NULL CHECK (holdout IN (0, 1)),
      PRIMARY KEY (campaign_id, customer_id)
    ) STRICT, WITHOUT ROWID`,
    `CREATE TABLE coupons (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      campaign_id TEXT NOT NULL REFERENCES campaigns(id),
      customer_id TEXT REFERENCES customers(id),
      usage_limit INTEGER NOT NULL CHECK (usage_limit > 0),
      used_count INTEGER NOT NULL DEFAULT 0 CHECK (used_count >= 0 AND used_count <= usage_limit),
      issued_at TEXT NOT NULL,
      voided_at TEXT,
      void_reason TEXT
    ) STRICT`,
    `CREATE INDEX coupons_campaign ON coupons(campaign_id, customer_id)`,
    `ALTER TABLE sales ADD COLUMN amount_before INTEGER`,
    `ALTER TABLE sales ADD COLUMN coupon_id TEXT REFERENCES coupons(id)`,
    `CREATE INDEX sales_coupon ON sales(coupon_id, sold_at) WHERE coupon_id IS NOT NULL`,
  ]) {
    await sql.raw(s).execute(db);
  }
}
