/**
 * Compact keys (issue 14; docs/architecture.md, "Compact keys"). The file was mostly 36-character
 * text ids and 24-character ISO times, repeated in rows and in every index that carries them.
 *  - Every table others point to gets an INTEGER PRIMARY KEY (the rowid: no separate key index).
 *    The key is the old row's rowid, so no id → key map is built: a foreign key is translated by
 *    one seek in the old table's primary-key index.
 *  - Small tables people and other installs name (customers, cards, segments, campaigns, coupons,
 *    contact exports, feedback, tier floors, merges) keep their UUIDv7 as a 16-byte BLOB `gid`
 *    with a UNIQUE index: the API's id. Tables that only point (campaign members, draws, bonuses,
 *    a customer's responsible staff) get keys in their references; staff and the audit log stay.
 *  - The facts that make the file big (sales, points_ledger) store no global id: theirs is
 *    (origin install, its key there). `origin` says which install made the row (installs.key, 1–2
 *    bytes), `origin_key` is set only on rows another install made (a partial unique index), so a
 *    row made here costs nothing for it. Migrated rows take the origin of their change-log entry.
 *  - Times that are compared and sorted (sales, the ledger, customer_stats, feedback) become INTEGER ms.
 *  - A lot is its earning ledger row (`remaining`, `expires_at` on points_ledger; NULL remaining
 *    for rows that did not add points): point_lots, its id and its three indexes are gone.
 *  - change_log: `entity` a small integer (db/entities.ts), `entity_id` the local key; settings
 *    entries point to 0 and name in `data` the settings key, or `key.field` for each field
 *    changed. A purchase's creation is no longer logged: the row says all of it (origin, key,
 *    times), and sales are append-only with increasing keys,
 *    so "sales after key k" is the feed and the analysis caches' high-water mark (they used it
 *    already); a void is still logged. That was 1M of 1.18M entries (32 MB) at the benchmark.
 *  - Defaults are not repeated in every row: sales.source NULL is a purchase at the counter,
 *    points_ledger.reason NULL is an earning from a purchase ('purchase').
 * Runs in the migrator's one transaction after its backup; every row, balance and card is kept
 * (test/migration-compact.test.ts compares them row for row). Frozen once merged.
 */
import { sql, type Kysely } from 'kysely';

/** ISO text → ms since the epoch (NULL stays NULL). */
const ms = (col: string): string => `CAST(round(unixepoch(${col}, 'subsec') * 1000) AS INTEGER)`;
/** A UUID's 16 bytes; an id that is not a UUID (hand-made data) gets fresh random bytes. */
const gid = (col: string): string => `coalesce(CASE WHEN length(${col}) = 36 THEN unhex(replace(${col}, '-', '')) END, randomblob(16))`;
/** The old text id in `col` → that row's key (the old rowid) in table `old`. */
const key = (old: string, col: string): string => `(SELECT o.rowid FROM ${old} o WHERE o.id = ${col})`;

/** Entity codes of the change log, as in db/entities.ts when this migration was written. */
const ENTITY_CODES: Record<string, [code: number, table: string | null]> = {
  settings: [0, null],
  customer: [1, 'customers'],
  card: [2, 'cards'],
  sale: [3, 'sales'],
  points: [4, 'points_ledger'],
  segment: [5, 'segments'],
  campaign: [6, 'campaigns'],
  coupon: [7, 'coupons'],
  contact_export: [8, 'contact_exports'],
  feedback: [9, 'feedback'],
  customer_export: [10, 'customers'],
  customer_merge: [11, 'customer_merges'],
  shop_export: [12, null],
  tier_floor: [13, 'tier_floors'],
  customer_staff: [14, 'customers'],
};
/** Entities without a row to point to: entity_id 0, and what the old id said goes into `data`. */
const KEYLESS = Object.entries(ENTITY_CODES)
  .filter(([, [, table]]) => table === null)
  .map(([name]) => `'${name}'`)
  .join(', ');

const RENAMED = [
  'customers',
  'cards',
  'sales',
  'points_ledger',
  'point_lots',
  'point_draws',
  'customer_stats',
  'segments',
  'campaigns',
  'campaign_members',
  'coupons',
  'contact_exports',
  'change_log',
  'feedback',
  'tier_floors',
  'point_bonuses',
  'customer_merges',
  'customer_staff',
];

/** The old tables' pages are free after the commit: the migrator compacts the file (~900 MB at 1M purchases). */
export const compactAfter = true;

export async function up(db: Kysely<any>): Promise<void> {
  const run = async (s: string): Promise<void> => {
    const t = performance.now();
    await sql.raw(s).execute(db);
    // bench/migrate0100.ts times each statement at 1M rows with this set.
    if (process.env.REGULARS_TRACE_MIGRATION) console.log(Math.round(performance.now() - t), s.slice(0, 60).replace(/\s+/g, ' '));
  };
  // The id lookups walk the old primary-key indexes (~50 MB each at 1M rows) in no useful order.
  const cache = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db);
  await run(`PRAGMA cache_size = -262144`);
  // Triggers and indexes go first: they would follow the renames, and are rebuilt after the data.
  for (const t of [
    'customers_fts_ai',
    'customers_fts_ad',
    'customers_fts_au',
    'customer_stats_ai',
    'customer_stats_au',
    'customer_stats_ad',
  ])
    await run(`DROP TRIGGER IF EXISTS ${t}`);
  const indexes = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${sql.join(RENAMED)})`.execute(db);
  for (const i of indexes.rows) await run(`DROP INDEX "${i.name}"`);
  for (const t of RENAMED) await run(`ALTER TABLE ${t} RENAME TO ${t}_old`);

  const current = `(SELECT key FROM installs WHERE current = 1)`;
  // A file that was never copied has one install, which made every row: no per-row lookup of origins.
  const installs = await sql<{ n: number }>`SELECT count(*) AS n FROM installs`.execute(db);
  const copied = Number(installs.rows[0]?.n ?? 0) > 1;

  await run(`CREATE TABLE customers (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      code TEXT NOT NULL UNIQUE,
      full_name TEXT NOT NULL,
      search_name TEXT NOT NULL,
      phone TEXT,
      phone_digits TEXT,
      phone_canonical TEXT,
      email TEXT,
      email_norm TEXT,
      birthday TEXT,
      gender TEXT CHECK (gender IN ('female','male','other')),
      area TEXT,
      address TEXT,
      tags TEXT NOT NULL DEFAULT '[]',
      notes TEXT,
      consent_marketing INTEGER NOT NULL DEFAULT 0 CHECK (consent_marketing IN (0,1)),
      consent_date TEXT,
      consent_source TEXT,
      external_code TEXT UNIQUE,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      erased_at TEXT,
      details_missing INTEGER NOT NULL DEFAULT 0 CHECK (details_missing IN (0, 1)),
      merged_into INTEGER REFERENCES customers(id)
    ) STRICT`);
  await run(`INSERT INTO customers SELECT c.rowid, ${gid('c.id')}, code, full_name, search_name, phone, phone_digits, phone_canonical,
      email, email_norm, birthday, gender, area, address, tags, notes, consent_marketing, consent_date, consent_source,
      external_code, created_at, updated_at, erased_at, details_missing, ${key('customers_old', 'c.merged_into')}
      FROM customers_old c ORDER BY c.rowid`);

  await run(`CREATE TABLE cards (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      number TEXT NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      status TEXT NOT NULL CHECK (status IN ('active','lost','blocked','replaced')),
      issued_at TEXT NOT NULL,
      status_at TEXT,
      status_reason TEXT,
      replaced_by_card_id INTEGER REFERENCES cards(id)
    ) STRICT`);
  await run(`INSERT INTO cards SELECT c.rowid, ${gid('c.id')}, c.number, ${key('customers_old', 'c.customer_id')}, c.status, c.issued_at,
      c.status_at, c.status_reason, ${key('cards_old', 'c.replaced_by_card_id')} FROM cards_old c ORDER BY c.rowid`);

  await run(`CREATE TABLE segments (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      name TEXT NOT NULL,
      rule TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted_at TEXT
    ) STRICT`);
  await run(
    `INSERT INTO segments SELECT rowid, ${gid('id')}, name, rule, created_at, updated_at, deleted_at FROM segments_old ORDER BY rowid`,
  );

  await run(`CREATE TABLE campaigns (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
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
    ) STRICT`);
  await run(`INSERT INTO campaigns SELECT rowid, ${gid('id')}, name, audience, offer_kind, offer_value, offer_text, min_purchase,
      valid_from, valid_to, holdout_percent, status, issued_at, created_at, updated_at FROM campaigns_old ORDER BY rowid`);

  await run(`CREATE TABLE campaign_members (
      campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      holdout INTEGER NOT NULL CHECK (holdout IN (0, 1)),
      PRIMARY KEY (campaign_id, customer_id)
    ) STRICT, WITHOUT ROWID`);
  await run(`INSERT INTO campaign_members SELECT ${key('campaigns_old', 'm.campaign_id')}, ${key('customers_old', 'm.customer_id')}, m.holdout
      FROM campaign_members_old m`);

  await run(`CREATE TABLE coupons (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      code TEXT NOT NULL UNIQUE,
      campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
      customer_id INTEGER REFERENCES customers(id),
      usage_limit INTEGER NOT NULL CHECK (usage_limit > 0),
      used_count INTEGER NOT NULL DEFAULT 0 CHECK (used_count >= 0 AND used_count <= usage_limit),
      issued_at TEXT NOT NULL,
      voided_at TEXT,
      void_reason TEXT
    ) STRICT`);
  await run(`INSERT INTO coupons SELECT c.rowid, ${gid('c.id')}, c.code, ${key('campaigns_old', 'c.campaign_id')},
      ${key('customers_old', 'c.customer_id')}, c.usage_limit, c.used_count, c.issued_at, c.voided_at, c.void_reason
      FROM coupons_old c ORDER BY c.rowid`);

  await run(`CREATE TABLE contact_exports (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      exported_at TEXT NOT NULL,
      exported_by TEXT NOT NULL,
      format TEXT NOT NULL CHECK (format IN ('mailchimp','excel','vcard')),
      selection TEXT NOT NULL,
      include_without_consent INTEGER NOT NULL CHECK (include_without_consent IN (0, 1)),
      rows INTEGER NOT NULL CHECK (rows >= 0)
    ) STRICT`);
  await run(`INSERT INTO contact_exports SELECT rowid, ${gid('id')}, exported_at, exported_by, format, selection, include_without_consent, rows
      FROM contact_exports_old ORDER BY rowid`);

  // The change log first: the facts below take their origin from their entries.
  await run(`CREATE TABLE change_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      hlc INTEGER NOT NULL,
      origin INTEGER NOT NULL,
      entity INTEGER NOT NULL,
      entity_id INTEGER NOT NULL,
      op TEXT NOT NULL,
      data TEXT
    ) STRICT`);
  const entityCode = Object.entries(ENTITY_CODES)
    .map(([name, [code]]) => `WHEN '${name}' THEN ${code}`)
    .join(' ');
  // A row deleted since its entry (none are today) points to 0, like settings.
  const entityKey = Object.entries(ENTITY_CODES)
    .filter(([, [, table]]) => table)
    .map(([name, [, table]]) => `WHEN '${name}' THEN ${key(`${table}_old`, 'l.entity_id')}`)
    .join(' ');
  const unknown = await sql<{ entity: string }>`SELECT DISTINCT entity FROM change_log_old WHERE entity NOT IN (${sql.join(
    Object.keys(ENTITY_CODES),
  )})`.execute(db);
  if (unknown.rows.length > 0) throw new Error(`0100: change-log entities without a code: ${unknown.rows.map((r) => r.entity).join(', ')}`);
  await run(`INSERT INTO change_log (seq, hlc, origin, entity, entity_id, op, data)
      SELECT l.seq, l.hlc, l.origin, CASE l.entity ${entityCode} END, coalesce(CASE l.entity ${entityKey} END, 0), l.op,
        CASE WHEN l.entity NOT IN (${KEYLESS}) THEN l.data WHEN l.data IS NULL THEN json_array(l.entity_id)
          ELSE (SELECT json_group_array(l.entity_id || '.' || f.value) FROM json_each(l.data) f) END
      FROM change_log_old l WHERE NOT (l.entity = 'sale' AND l.op = 'create') ORDER BY l.seq`);
  // Inserting the old seq values moves AUTOINCREMENT's high-water mark along (a log whose last
  // entries were purchases keeps their numbers unused). Temporary indexes find the facts' origins.
  if (copied) {
    await run(`CREATE INDEX change_log_old_sale ON change_log_old(entity_id, origin) WHERE entity = 'sale' AND op = 'create'`);
    await run(`CREATE INDEX change_log_points ON change_log(entity_id, op, origin) WHERE entity = 4`);
  }

  await run(`CREATE TABLE sales (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER REFERENCES customers(id),
      card_id INTEGER REFERENCES cards(id),
      total INTEGER NOT NULL CHECK (total > 0),
      points INTEGER NOT NULL DEFAULT 0,
      note TEXT,
      sold_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      voided_at INTEGER,
      void_reason TEXT,
      source TEXT,
      receipt_ref TEXT,
      amount_before INTEGER,
      coupon_id INTEGER REFERENCES coupons(id),
      points_redeemed INTEGER NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0),
      redeemed_value INTEGER NOT NULL DEFAULT 0 CHECK (redeemed_value >= 0),
      origin INTEGER NOT NULL REFERENCES installs(key),
      origin_key INTEGER
    ) STRICT`);
  await run(`INSERT INTO sales SELECT s.rowid, ${key('customers_old', 's.customer_id')}, ${key('cards_old', 's.card_id')}, s.total,
      s.points, s.note, ${ms('s.sold_at')}, ${ms('s.created_at')}, ${ms('s.voided_at')}, s.void_reason, nullif(s.source, 'counter'), s.receipt_ref,
      s.amount_before, ${key('coupons_old', 's.coupon_id')}, s.points_redeemed, s.redeemed_value,
      ${copied ? `coalesce((SELECT l.origin FROM change_log_old l WHERE l.entity = 'sale' AND l.op = 'create' AND l.entity_id = s.id), ${current})` : current}, NULL
      FROM sales_old s ORDER BY s.rowid`);

  await run(`CREATE TABLE points_ledger (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      sale_id INTEGER REFERENCES sales(id),
      kind TEXT NOT NULL CHECK (kind IN ('earn','redeem','expire','adjust','reverse')),
      points INTEGER NOT NULL,
      reason TEXT,
      created_at INTEGER NOT NULL,
      remaining INTEGER CHECK (remaining IS NULL OR (remaining >= 0 AND remaining <= points)),
      expires_at INTEGER,
      origin INTEGER NOT NULL REFERENCES installs(key),
      origin_key INTEGER
    ) STRICT`);
  // A ledger row was made where its purchase was, or where its own entry (adjust, expire) says.
  await run(`INSERT INTO points_ledger SELECT x.id, x.customer_id, x.sale_id, x.kind, x.points, x.reason, x.created_at, x.remaining,
      x.expires_at, ${
        copied
          ? `coalesce((SELECT s.origin FROM sales s WHERE s.id = x.sale_id),
        (SELECT l.origin FROM change_log l WHERE l.entity = 4 AND l.entity_id = x.id AND l.op IN ('adjust', 'expire')), ${current})`
          : current
      }, NULL
      FROM (SELECT p.rowid AS id, ${key('customers_old', 'p.customer_id')} AS customer_id, ${key('sales_old', 'p.sale_id')} AS sale_id,
        p.kind, p.points, CASE WHEN p.kind = 'earn' AND p.reason = 'purchase' THEN NULL ELSE p.reason END AS reason, ${ms('p.created_at')} AS created_at, lot.remaining, ${ms('lot.expires_at')} AS expires_at
        FROM points_ledger_old p LEFT JOIN point_lots_old lot ON lot.id = p.id ORDER BY p.rowid) x`);
  if (copied) await run(`DROP INDEX change_log_points`);

  // Satisfaction (0092): few rows, made and named like a customer's, so a gid; its time is compared.
  await run(`CREATE TABLE feedback (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      sale_id INTEGER REFERENCES sales(id),
      rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
      note TEXT,
      created_at INTEGER NOT NULL,
      recorded_by TEXT
    ) STRICT`);
  await run(`INSERT INTO feedback SELECT f.rowid, ${gid('f.id')}, ${key('customers_old', 'f.customer_id')}, ${key('sales_old', 'f.sale_id')},
      f.rating, f.note, ${ms('f.created_at')}, f.recorded_by FROM feedback_old f ORDER BY f.rowid`);

  // Tiers' hand-set floors and bonuses (0093), merges (0095): their ids and references as keys.
  await run(`CREATE TABLE tier_floors (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      tier TEXT NOT NULL,
      reason TEXT NOT NULL,
      until TEXT NOT NULL,
      set_at TEXT NOT NULL,
      set_by TEXT,
      cleared_at TEXT,
      clear_reason TEXT
    ) STRICT`);
  await run(`INSERT INTO tier_floors SELECT f.rowid, ${gid('f.id')}, ${key('customers_old', 'f.customer_id')}, f.tier, f.reason, f.until,
      f.set_at, f.set_by, f.cleared_at, f.clear_reason FROM tier_floors_old f ORDER BY f.rowid`);
  await run(`CREATE TABLE point_bonuses (
      customer_id INTEGER NOT NULL REFERENCES customers(id),
      occasion TEXT NOT NULL,
      ledger_id INTEGER NOT NULL REFERENCES points_ledger(id) DEFERRABLE INITIALLY DEFERRED,
      PRIMARY KEY (customer_id, occasion)
    ) STRICT, WITHOUT ROWID`);
  await run(`INSERT INTO point_bonuses SELECT ${key('customers_old', 'b.customer_id')}, b.occasion, ${key('points_ledger_old', 'b.ledger_id')}
      FROM point_bonuses_old b`);
  await run(`CREATE TABLE customer_merges (
      id INTEGER PRIMARY KEY,
      gid BLOB NOT NULL UNIQUE,
      survivor_id INTEGER NOT NULL,
      absorbed_id INTEGER NOT NULL UNIQUE,
      choices TEXT NOT NULL,
      moved TEXT NOT NULL,
      merged_at TEXT NOT NULL
    ) STRICT`);
  await run(`INSERT INTO customer_merges SELECT m.rowid, ${gid('m.id')}, ${key('customers_old', 'm.survivor_id')},
      ${key('customers_old', 'm.absorbed_id')}, m.choices, m.moved, m.merged_at FROM customer_merges_old m ORDER BY m.rowid`);

  // Who is responsible for a customer (0094): the customer by key. Staff accounts and the audit log
  // stay as they are (a few rows; the log is append-only and keeps the ids it was written with).
  await run(`CREATE TABLE customer_staff (
      customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
      staff_id TEXT NOT NULL REFERENCES staff(id),
      set_at TEXT NOT NULL
    ) STRICT`);
  await run(`INSERT INTO customer_staff SELECT ${key('customers_old', 's.customer_id')}, s.staff_id, s.set_at FROM customer_staff_old s`);

  await run(`CREATE TABLE point_draws (
      ledger_id INTEGER NOT NULL REFERENCES points_ledger(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      lot_id INTEGER NOT NULL REFERENCES points_ledger(id) ON DELETE CASCADE,
      points INTEGER NOT NULL CHECK (points > 0),
      PRIMARY KEY (ledger_id, lot_id)
    ) STRICT, WITHOUT ROWID`);
  await run(`INSERT INTO point_draws SELECT ${key('points_ledger_old', 'd.ledger_id')}, ${key('points_ledger_old', 'd.lot_id')}, d.points
      FROM point_draws_old d`);

  await run(`CREATE TABLE customer_stats (
      customer_id INTEGER PRIMARY KEY,
      visits INTEGER NOT NULL,
      spend INTEGER NOT NULL,
      first_at INTEGER NOT NULL,
      last_at INTEGER NOT NULL
    ) STRICT`);
  await run(`INSERT INTO customer_stats SELECT customer_id, count(*), sum(total), min(sold_at), max(sold_at) FROM sales
      WHERE customer_id IS NOT NULL AND voided_at IS NULL GROUP BY customer_id`);

  // Children before parents: each DROP deletes its rows first, checking what points to them; a
  // card points to the card that replaced it, and without an index each row's check is a scan.
  await run(`CREATE INDEX cards_old_replaced ON cards_old(replaced_by_card_id)`);
  for (const t of [
    'customer_staff',
    'feedback',
    'tier_floors',
    'point_bonuses',
    'customer_merges',
    'point_draws',
    'point_lots',
    'points_ledger',
    'sales',
    'customer_stats',
    'campaign_members',
    'coupons',
    'campaigns',
    'cards',
    'segments',
    'contact_exports',
    'change_log',
    'customers',
  ])
    await run(`DROP TABLE ${t}_old`);

  for (const s of [
    `CREATE INDEX customers_phone_canonical ON customers(phone_canonical) WHERE phone_canonical IS NOT NULL`,
    `CREATE INDEX customers_email_norm ON customers(email_norm) WHERE email_norm IS NOT NULL`,
    `CREATE INDEX customers_search_name ON customers(search_name)`,
    `CREATE INDEX customers_live_name ON customers(search_name, code, phone_digits, erased_at) WHERE erased_at IS NULL`,
    `CREATE INDEX customers_code_id ON customers(code, erased_at)`,
    `CREATE INDEX customers_segment ON customers(gender, consent_marketing, birthday, area, tags, erased_at) WHERE erased_at IS NULL`,
    `CREATE UNIQUE INDEX cards_one_active_per_customer ON cards(customer_id) WHERE status = 'active'`,
    `CREATE INDEX cards_customer ON cards(customer_id)`,
    `CREATE INDEX sales_customer_sold ON sales(customer_id, sold_at, total, voided_at)`,
    `CREATE INDEX sales_by_time ON sales(sold_at, customer_id, total, voided_at)`,
    `CREATE UNIQUE INDEX sales_receipt_ref ON sales(source, receipt_ref) WHERE receipt_ref IS NOT NULL`,
    `CREATE INDEX sales_coupon ON sales(coupon_id, sold_at) WHERE coupon_id IS NOT NULL`,
    `CREATE UNIQUE INDEX sales_origin_key ON sales(origin, origin_key) WHERE origin_key IS NOT NULL`,
    `CREATE INDEX points_ledger_customer ON points_ledger(customer_id, points)`,
    `CREATE INDEX points_ledger_sale ON points_ledger(sale_id) WHERE sale_id IS NOT NULL`,
    // Draw order: nearest expiry first, never-expiring lots last (0 and 1 take no bytes, a sentinel
    // time would take 8 in each entry), then oldest; the rowid ends every entry.
    `CREATE INDEX points_ledger_open ON points_ledger(customer_id, expires_at IS NULL, expires_at, created_at) WHERE remaining > 0`,
    `CREATE INDEX points_ledger_due ON points_ledger(expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL`,
    `CREATE UNIQUE INDEX points_ledger_origin_key ON points_ledger(origin, origin_key) WHERE origin_key IS NOT NULL`,
    `CREATE INDEX point_draws_lot ON point_draws(lot_id)`,
    `CREATE INDEX customer_stats_first ON customer_stats(first_at)`,
    `CREATE UNIQUE INDEX segments_live_name ON segments(name COLLATE NOCASE) WHERE deleted_at IS NULL`,
    `CREATE INDEX coupons_campaign ON coupons(campaign_id, customer_id)`,
    `CREATE INDEX feedback_customer ON feedback (customer_id, created_at)`,
    `CREATE INDEX customers_merged_into ON customers(merged_into) WHERE merged_into IS NOT NULL`,
    `CREATE UNIQUE INDEX tier_floors_current ON tier_floors(customer_id) WHERE cleared_at IS NULL`,
    `CREATE INDEX customer_merges_survivor ON customer_merges(survivor_id)`,
    `CREATE INDEX customer_staff_staff ON customer_staff(staff_id)`,
    `CREATE INDEX feedback_time ON feedback (created_at, rating, customer_id)`,
    // customers.id is the old rowid, so the FTS index (content_rowid = rowid) is still right.
    `CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN
      INSERT INTO customers_fts(rowid, search_name, phone_digits, code)
      VALUES (new.rowid, new.search_name, coalesce(new.phone_digits, ''), new.code);
    END`,
    `CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN
      INSERT INTO customers_fts(customers_fts, rowid, search_name, phone_digits, code)
      VALUES ('delete', old.rowid, old.search_name, coalesce(old.phone_digits, ''), old.code);
    END`,
    `CREATE TRIGGER customers_fts_au AFTER UPDATE OF search_name, phone_digits, code ON customers BEGIN
      INSERT INTO customers_fts(customers_fts, rowid, search_name, phone_digits, code)
      VALUES ('delete', old.rowid, old.search_name, coalesce(old.phone_digits, ''), old.code);
      INSERT INTO customers_fts(rowid, search_name, phone_digits, code)
      VALUES (new.rowid, new.search_name, coalesce(new.phone_digits, ''), new.code);
    END`,
    `CREATE TRIGGER customer_stats_ai AFTER INSERT ON sales WHEN NEW.customer_id IS NOT NULL AND NEW.voided_at IS NULL BEGIN
      INSERT INTO customer_stats (customer_id, visits, spend, first_at, last_at)
        VALUES (NEW.customer_id, 1, NEW.total, NEW.sold_at, NEW.sold_at)
        ON CONFLICT (customer_id) DO UPDATE SET visits = visits + 1, spend = spend + excluded.spend,
          first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
    END`,
    `CREATE TRIGGER customer_stats_au AFTER UPDATE OF customer_id, total, sold_at, voided_at ON sales BEGIN
      DELETE FROM customer_stats WHERE customer_id IN (OLD.customer_id, NEW.customer_id);
      INSERT INTO customer_stats (customer_id, visits, spend, first_at, last_at)
        SELECT customer_id, count(*), sum(total), min(sold_at), max(sold_at) FROM sales
        WHERE customer_id IN (OLD.customer_id, NEW.customer_id) AND voided_at IS NULL GROUP BY customer_id;
    END`,
    `CREATE TRIGGER customer_stats_ad AFTER DELETE ON sales WHEN OLD.customer_id IS NOT NULL BEGIN
      DELETE FROM customer_stats WHERE customer_id IN (OLD.customer_id);
      INSERT INTO customer_stats (customer_id, visits, spend, first_at, last_at)
        SELECT customer_id, count(*), sum(total), min(sold_at), max(sold_at) FROM sales
        WHERE customer_id IN (OLD.customer_id) AND voided_at IS NULL GROUP BY customer_id;
    END`,
  ])
    await run(s);
  await run(`PRAGMA cache_size = ${cache.rows[0]?.cache_size ?? -2000}`);
}
