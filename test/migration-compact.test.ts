/**
 * Migration 0100 (compact keys) on a shop the services built at the old layout (at 0095, before the
 * services moved to the new one: test/fixtures/shop-0095.sqlite.gz): customers, cards
 * (one replaced, one lost), purchases (with points spent, a coupon, voids), owner adjustments, a
 * campaign's coupons, a segment, a contact export. After it every row is there under its old
 * rowid, every foreign key points to the same row, times are the same instants in ms, balances,
 * lots, stats, codes and card numbers are unchanged, and the triggers and the FTS still work.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { ENTITY_CODES } from '../src/main/db/entities';
import { DB_FILE_NAME } from '../src/main/db/open';
import { oldShopDir } from './fixtures/oldShop';
import { openShop, tempDir } from './helpers';

const COMPACT = migrations.findIndex((m) => m.name === '0100_compact_keys');
/** Up to 0100 only: a later migration may change the tables, which would spoil the row-for-row comparison. */
const UP_TO_0100 = migrations.slice(0, COMPACT + 1);
const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
const hex = (uuid: string): string => uuid.replace(/-/g, '').toUpperCase();

type Row = Record<string, unknown>;
const all = (sqlite: BetterSqlite3.Database, q: string): Row[] => sqlite.prepare(q).all() as Row[];

/** The shop as the old layout holds it, in the terms the new one must give back. */
function snapshot(sqlite: BetterSqlite3.Database) {
  const count = (t: string): number => (sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return {
    counts: Object.fromEntries(
      ['customers', 'cards', 'sales', 'points_ledger', 'point_draws', 'segments', 'campaigns', 'campaign_members', 'coupons']
        .concat(['contact_exports', 'change_log', 'customer_stats', 'feedback', 'tier_floors', 'point_bonuses', 'customer_merges'])
        .map((t) => [t, count(t)]),
    ),
    lots: count('point_lots'),
    customers: all(
      sqlite,
      `SELECT c.rowid AS key, c.id, c.code, c.full_name, c.phone, c.created_at,
        (SELECT coalesce(sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id) AS balance,
        (SELECT coalesce(sum(remaining), 0) FROM point_lots l WHERE l.customer_id = c.id) AS in_lots,
        s.visits, s.spend, s.first_at, s.last_at,
        (SELECT group_concat(number || ':' || status, ',') FROM (SELECT number, status FROM cards WHERE customer_id = c.id ORDER BY number)) AS cards
      FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id ORDER BY c.rowid`,
    ),
    cards: all(
      sqlite,
      `SELECT k.rowid AS key, k.id, k.number, c.code, k.status, k.status_at, (SELECT r.number FROM cards r WHERE r.id = k.replaced_by_card_id) AS replaced_by
      FROM cards k JOIN customers c ON c.id = k.customer_id ORDER BY k.rowid`,
    ),
    sales: all(
      sqlite,
      `SELECT s.rowid AS key, s.source, c.code, k.number AS card, s.total, s.points, s.sold_at, s.created_at, s.voided_at, s.void_reason,
        s.amount_before, q.code AS coupon, s.points_redeemed, s.redeemed_value
      FROM sales s LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN cards k ON k.id = s.card_id LEFT JOIN coupons q ON q.id = s.coupon_id
      ORDER BY s.rowid`,
    ),
    ledger: all(
      sqlite,
      `SELECT p.rowid AS key, c.code, (SELECT s.rowid FROM sales s WHERE s.id = p.sale_id) AS sale, p.kind, p.points, p.reason, p.created_at,
        l.remaining, l.expires_at
      FROM points_ledger p JOIN customers c ON c.id = p.customer_id LEFT JOIN point_lots l ON l.id = p.id ORDER BY p.rowid`,
    ),
    draws: all(
      sqlite,
      `SELECT (SELECT rowid FROM points_ledger WHERE id = d.ledger_id) AS ledger, (SELECT rowid FROM points_ledger WHERE id = d.lot_id) AS lot, d.points
      FROM point_draws d ORDER BY 1, 2`,
    ),
    coupons: all(
      sqlite,
      `SELECT q.rowid AS key, q.id, q.code, k.name AS campaign, c.code AS customer, q.used_count, q.usage_limit, q.voided_at
      FROM coupons q JOIN campaigns k ON k.id = q.campaign_id LEFT JOIN customers c ON c.id = q.customer_id ORDER BY q.rowid`,
    ),
    members: all(
      sqlite,
      `SELECT k.name, c.code, m.holdout FROM campaign_members m JOIN campaigns k ON k.id = m.campaign_id JOIN customers c ON c.id = m.customer_id ORDER BY 1, 2`,
    ),
    feedback: all(
      sqlite,
      `SELECT f.rowid AS key, f.id, c.code, (SELECT s.rowid FROM sales s WHERE s.id = f.sale_id) AS sale, f.rating, f.note, f.created_at
      FROM feedback f JOIN customers c ON c.id = f.customer_id ORDER BY f.rowid`,
    ),
    floors: all(
      sqlite,
      `SELECT f.rowid AS key, f.id, c.code, f.tier, f.reason, f.until, f.set_at, f.cleared_at, f.clear_reason
      FROM tier_floors f JOIN customers c ON c.id = f.customer_id ORDER BY f.rowid`,
    ),
    staff: all(sqlite, `SELECT c.code, s.staff_id, s.set_at FROM customer_staff s JOIN customers c ON c.id = s.customer_id ORDER BY 1`),
    bonuses: all(
      sqlite,
      `SELECT c.code, b.occasion, (SELECT rowid FROM points_ledger WHERE id = b.ledger_id) AS ledger
      FROM point_bonuses b JOIN customers c ON c.id = b.customer_id ORDER BY 1, 2`,
    ),
    merges: all(
      sqlite,
      `SELECT m.rowid AS key, m.id, s.code AS survivor, a.code AS absorbed, m.choices, m.moved, m.merged_at,
        (SELECT i.code FROM customers i WHERE i.id = a.merged_into) AS merged_into
      FROM customer_merges m JOIN customers s ON s.id = m.survivor_id JOIN customers a ON a.id = m.absorbed_id ORDER BY m.rowid`,
    ),
    log: all(sqlite, `SELECT seq, hlc, origin, entity, entity_id, op, data FROM change_log ORDER BY seq`),
    rowids: Object.fromEntries(
      ['customers', 'cards', 'sales', 'points_ledger', 'segments', 'campaigns', 'coupons', 'contact_exports', 'feedback']
        .concat(['tier_floors', 'customer_merges'])
        .map((t) => [t, new Map(all(sqlite, `SELECT id, rowid AS key FROM ${t}`).map((r) => [r.id as string, r.key as number]))]),
    ),
  };
}

const ENTITY_TABLE: Record<string, [number, string | null]> = {
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

describe('migration 0100: compact keys', () => {
  it('keeps every row, balance, lot, stat, code and card number, row for row, under integer keys and ms times', async () => {
    const dir = oldShopDir('shop-0095.sqlite.gz');
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    // A responsible staff member (0094), written directly: the services need a signed-in session.
    sqlite
      .prepare(
        `INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('st-1', 'Lan', 'staff', 'x', '2026-11-01', '2026-11-01')`,
      )
      .run();
    sqlite
      .prepare(
        `INSERT INTO customer_staff (customer_id, staff_id, set_at) SELECT id, 'st-1', '2026-11-02' FROM customers ORDER BY rowid LIMIT 2`,
      )
      .run();
    const old = snapshot(sqlite);
    expect(old.counts.sales).toBeGreaterThan(150);
    expect(old.ledger.some((l) => l.kind === 'redeem')).toBe(true);
    expect(old.ledger.some((l) => l.kind === 'reverse')).toBe(true);
    expect(old.draws.length).toBeGreaterThan(0);

    expect(migrations[COMPACT]!.compactAfter).toBe(true);
    const report = await migrate(db, sqlite, dir, UP_TO_0100);
    expect(report.applied).toEqual(['0100_compact_keys']);
    expect(fs.existsSync(report.backupFile!)).toBe(true);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(sqlite.pragma('freelist_count', { simple: true })).toBe(0); // compacted after the commit

    const count = (t: string): number => (sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    const saleCreates = old.log.filter((e) => e.entity === 'sale' && e.op === 'create').length;
    expect(saleCreates).toBe(old.counts.sales);
    for (const [t, n] of Object.entries(old.counts)) expect(count(t), t).toBe(t === 'change_log' ? n - saleCreates : n);
    expect(sqlite.prepare(`SELECT name FROM sqlite_master WHERE name GLOB '*_old' OR name = 'point_lots'`).all()).toEqual([]);
    expect(count('points_ledger WHERE remaining IS NOT NULL')).toBe(old.lots);

    const customers = all(
      sqlite,
      `SELECT c.id AS key, hex(c.gid) AS gid, c.code, c.full_name, c.phone, c.created_at,
        (SELECT coalesce(sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id) AS balance,
        (SELECT coalesce(sum(remaining), 0) FROM points_ledger l WHERE l.customer_id = c.id) AS in_lots,
        s.visits, s.spend, s.first_at, s.last_at,
        (SELECT group_concat(number || ':' || status, ',') FROM (SELECT number, status FROM cards WHERE customer_id = c.id ORDER BY number)) AS cards
      FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id ORDER BY c.id`,
    );
    expect(customers).toEqual(
      old.customers.map(({ id, first_at, last_at, ...c }) => ({
        ...c,
        gid: hex(id as string),
        first_at: ms(first_at as string | null),
        last_at: ms(last_at as string | null),
      })),
    );

    expect(
      all(
        sqlite,
        `SELECT k.id AS key, hex(k.gid) AS gid, k.number, c.code, k.status, k.status_at, r.number AS replaced_by
        FROM cards k JOIN customers c ON c.id = k.customer_id LEFT JOIN cards r ON r.id = k.replaced_by_card_id ORDER BY k.id`,
      ),
    ).toEqual(old.cards.map(({ id, ...k }) => ({ ...k, gid: hex(id as string) })));

    const origin = (sqlite.prepare(`SELECT key FROM installs WHERE current = 1`).get() as { key: number }).key;
    expect(
      all(
        sqlite,
        `SELECT s.id AS key, coalesce(s.source, 'counter') AS source, c.code, k.number AS card, s.total, s.points, s.sold_at, s.created_at, s.voided_at, s.void_reason,
          s.amount_before, q.code AS coupon, s.points_redeemed, s.redeemed_value, s.origin, s.origin_key
        FROM sales s LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN cards k ON k.id = s.card_id LEFT JOIN coupons q ON q.id = s.coupon_id
        ORDER BY s.id`,
      ),
    ).toEqual(
      old.sales.map((s) => ({
        ...s,
        sold_at: ms(s.sold_at as string),
        created_at: ms(s.created_at as string),
        voided_at: ms(s.voided_at as string | null),
        origin,
        origin_key: null,
      })),
    );
    expect(
      all(
        sqlite,
        `SELECT p.id AS key, c.code, p.sale_id AS sale, p.kind, p.points, coalesce(p.reason, 'purchase') AS reason, p.created_at, p.remaining, p.expires_at, p.origin
        FROM points_ledger p JOIN customers c ON c.id = p.customer_id ORDER BY p.id`,
      ),
    ).toEqual(
      old.ledger.map((l) => ({
        ...l,
        created_at: ms(l.created_at as string),
        expires_at: ms(l.expires_at as string | null),
        origin,
      })),
    );
    expect(all(sqlite, `SELECT ledger_id AS ledger, lot_id AS lot, points FROM point_draws ORDER BY 1, 2`)).toEqual(old.draws);
    expect(
      all(
        sqlite,
        `SELECT q.id AS key, hex(q.gid) AS gid, q.code, k.name AS campaign, c.code AS customer, q.used_count, q.usage_limit, q.voided_at
        FROM coupons q JOIN campaigns k ON k.id = q.campaign_id LEFT JOIN customers c ON c.id = q.customer_id ORDER BY q.id`,
      ),
    ).toEqual(old.coupons.map(({ id, ...q }) => ({ ...q, gid: hex(id as string) })));
    expect(old.coupons.some((q) => q.used_count === 1)).toBe(true);
    expect(
      all(
        sqlite,
        `SELECT k.name, c.code, m.holdout FROM campaign_members m JOIN campaigns k ON k.id = m.campaign_id JOIN customers c ON c.id = m.customer_id ORDER BY 1, 2`,
      ),
    ).toEqual(old.members);

    expect(
      all(
        sqlite,
        `SELECT f.id AS key, hex(f.gid) AS gid, c.code, f.sale_id AS sale, f.rating, f.note, f.created_at
        FROM feedback f JOIN customers c ON c.id = f.customer_id ORDER BY f.id`,
      ),
    ).toEqual(old.feedback.map(({ id, created_at, ...f }) => ({ ...f, gid: hex(id as string), created_at: ms(created_at as string) })));
    expect(old.feedback.filter((f) => f.sale !== null)).toHaveLength(1);
    expect(
      all(
        sqlite,
        `SELECT f.id AS key, hex(f.gid) AS gid, c.code, f.tier, f.reason, f.until, f.set_at, f.cleared_at, f.clear_reason
        FROM tier_floors f JOIN customers c ON c.id = f.customer_id ORDER BY f.id`,
      ),
    ).toEqual(old.floors.map(({ id, ...f }) => ({ ...f, gid: hex(id as string) })));
    expect(old.floors).toHaveLength(2);
    expect(
      all(
        sqlite,
        `SELECT c.code, b.occasion, b.ledger_id AS ledger FROM point_bonuses b JOIN customers c ON c.id = b.customer_id ORDER BY 1, 2`,
      ),
    ).toEqual(old.bonuses);
    expect(old.bonuses).toHaveLength(12);
    expect(
      all(
        sqlite,
        `SELECT m.id AS key, hex(m.gid) AS gid, s.code AS survivor, a.code AS absorbed, m.choices, m.moved, m.merged_at,
          (SELECT i.code FROM customers i WHERE i.id = a.merged_into) AS merged_into
        FROM customer_merges m JOIN customers s ON s.id = m.survivor_id JOIN customers a ON a.id = m.absorbed_id ORDER BY m.id`,
      ),
    ).toEqual(old.merges.map(({ id, ...m }) => ({ ...m, gid: hex(id as string) })));
    expect(old.merges).toHaveLength(1);
    expect(
      all(sqlite, `SELECT c.code, s.staff_id, s.set_at FROM customer_staff s JOIN customers c ON c.id = s.customer_id ORDER BY 1`),
    ).toEqual(old.staff);
    expect(old.staff).toHaveLength(2);
    expect(old.merges[0]!.merged_into).toBe(old.merges[0]!.survivor);
    expect(old.log.filter((e) => e.entity === 'settings' && e.data !== null).length).toBeGreaterThan(0);

    // The change log: same entries, the entity as its code (the services' codes) and the row's local key.
    // The migration's codes are the services'; kinds added since (sync's, 0101) take numbers after them.
    const migrated: Record<string, number> = Object.fromEntries(Object.entries(ENTITY_TABLE).map(([name, [code]]) => [name, code]));
    expect(Object.fromEntries(Object.entries(ENTITY_CODES).filter(([name]) => name in migrated))).toEqual(migrated);
    for (const [name, code] of Object.entries(ENTITY_CODES))
      if (!(name in migrated)) expect(code).toBeGreaterThan(Math.max(...Object.values(migrated)));
    expect(all(sqlite, `SELECT seq, hlc, origin, entity, entity_id, op, data FROM change_log ORDER BY seq`)).toEqual(
      old.log
        .filter((e) => !(e.entity === 'sale' && e.op === 'create'))
        .map((e) => {
          const [code, table] = ENTITY_TABLE[e.entity as string]!;
          return {
            ...e,
            entity: code,
            entity_id: table ? old.rowids[table]!.get(e.entity_id as string) : 0,
            data: table
              ? e.data
              : e.entity === 'shop_export'
                ? JSON.stringify([e.entity_id])
                : JSON.stringify(
                    e.data === null ? [e.entity_id] : (JSON.parse(e.data as string) as string[]).map((f) => `${e.entity_id}.${f}`),
                  ),
          };
        }),
    );

    // Triggers: a new purchase counts in its customer's stats; the FTS finds a customer by name under its key.
    const c0 = customers[0]!;
    sqlite
      .prepare(`INSERT INTO sales (customer_id, total, points, sold_at, created_at, origin) VALUES (?, 1000, 0, ?, ?, ?)`)
      .run(c0.key, 1_900_000_000_000, 1_900_000_000_000, origin);
    expect(sqlite.prepare(`SELECT visits, last_at FROM customer_stats WHERE customer_id = ?`).get(c0.key)).toEqual({
      visits: (c0.visits as number) + 1,
      last_at: 1_900_000_000_000,
    });
    const name = sqlite.prepare(`SELECT search_name FROM customers WHERE id = ?`).get(customers[3]!.key) as { search_name: string };
    const found = sqlite.prepare(`SELECT rowid AS key FROM customers_fts WHERE customers_fts MATCH ?`).all(`"${name.search_name}"`);
    expect(found).toEqual([{ key: customers[3]!.key }]);
    await db.destroy();
  }, 120_000);

  it('gives each purchase and ledger row the install that made it, so a copied file keeps the same global ids', async () => {
    // A shop sold 150,000 at install 1; its folder was copied to a second till (a new install), which sold 90,000 on.
    const dir = oldShopDir('shop-0095-copied.sqlite.gz');
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const keyOf = (total: number): number =>
      (sqlite.prepare(`SELECT rowid AS k FROM sales WHERE coalesce(amount_before, total) = ?`).get(total) as { k: number }).k;
    const [saleBefore, saleAfter] = [keyOf(150_000), keyOf(90_000)];
    const installs = sqlite.prepare(`SELECT key, tag FROM installs ORDER BY key`).all() as { key: number; tag: number }[];
    expect(installs.map((i) => i.tag)).toEqual([1, 2]);
    const [one, two] = installs.map((i) => i.key);
    expect((await migrate(db, sqlite, dir, UP_TO_0100)).applied).toEqual(['0100_compact_keys']);

    expect(sqlite.prepare(`SELECT id, origin, origin_key FROM sales ORDER BY id`).all()).toEqual([
      { id: saleBefore, origin: one, origin_key: null },
      { id: saleAfter, origin: two, origin_key: null },
    ]);
    expect(sqlite.prepare(`SELECT kind, sale_id, origin FROM points_ledger ORDER BY id`).all()).toEqual([
      { kind: 'earn', sale_id: saleBefore, origin: one },
      { kind: 'redeem', sale_id: saleAfter, origin: two },
      { kind: 'earn', sale_id: saleAfter, origin: two },
      { kind: 'adjust', sale_id: null, origin: two },
    ]);
    await db.destroy();
  });

  it('builds the new layout in a new, empty file too (a new shop runs every migration)', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const report = await migrate(db, sqlite, dir);
    expect(report.applied).toEqual(migrations.map((m) => m.name));
    expect(report.backupFile).toBeNull();
    const columns = (t: string): string[] =>
      (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => c.name);
    expect(columns('sales')).toEqual(expect.arrayContaining(['id', 'origin', 'origin_key', 'sold_at']));
    expect(columns('points_ledger')).toEqual(expect.arrayContaining(['lot_debt', 'expires_at', 'origin']));
    expect(columns('customers')).toEqual(expect.arrayContaining(['id', 'gid', 'merged_into']));
    // 0100 dropped the old point_lots; 0112 made the table of open lots keyed by customer.
    expect(columns('point_lots')).toEqual(['customer_id', 'expiry_key', 'created_at', 'lot_id', 'remaining']);
    expect(sqlite.prepare(`SELECT type FROM pragma_table_xinfo('change_log') WHERE name IN ('entity', 'entity_id')`).all()).toEqual([
      { type: 'INTEGER' },
      { type: 'INTEGER' },
    ]);
    await db.destroy();
  });
});

describe('the app on a shop migrated from the old layout', () => {
  it('opens it with the same customers and cards under the same ids, their balances and visits, and purchases under their keys', async () => {
    const dir = oldShopDir('shop-0095.sqlite.gz');
    const old = new BetterSqlite3(path.join(dir, DB_FILE_NAME), { readonly: true });
    const people = all(
      old,
      `SELECT c.id, c.code, (SELECT coalesce(sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id) AS balance, s.visits,
        (SELECT count(*) FROM sales WHERE customer_id = c.id) AS purchases,
        (SELECT group_concat(id, ',') FROM (SELECT id FROM cards WHERE customer_id = c.id ORDER BY id)) AS cards
      FROM customers c LEFT JOIN customer_stats s ON s.customer_id = c.id
      WHERE c.erased_at IS NULL AND c.merged_into IS NULL ORDER BY c.rowid`,
    );
    const last = old
      .prepare(
        `SELECT s.rowid AS key, s.customer_id AS customer, s.points FROM sales s
        WHERE s.voided_at IS NULL AND s.customer_id IS NOT NULL AND s.points_redeemed = 0 ORDER BY s.rowid DESC LIMIT 1`,
      )
      .get() as { key: number; customer: string; points: number };
    old.close();
    expect(people.length).toBeGreaterThan(5);

    const shop = await openShop({ dir, now: '2026-11-21T03:00:00.000Z', settings: { pointsValue: { points: 100, value: 10_000 } } });
    expect(shop.backend.database.migration.applied).toContain('0100_compact_keys');
    for (const p of people) {
      const page = await shop.call('customers.get', { id: p.id as string });
      expect([page.customer.id, page.customer.code, page.stats.pointsBalance, page.stats.visits], p.code as string).toEqual([
        p.id,
        p.code,
        p.balance,
        p.visits ?? 0,
      ]);
      expect(page.cards.map((c) => c.id).sort()).toEqual(p.cards ? (p.cards as string).split(',') : []);
      expect(await shop.call('sales.forCustomer', { customerId: p.id as string, limit: 500, offset: 0 })).toHaveLength(
        p.purchases as number,
      );
    }
    // An old purchase is named by its key now: it can be voided, and its points come back off.
    const before = (await shop.call('customers.get', { id: last.customer })).stats.pointsBalance;
    await shop.call('sales.void', { saleId: String(last.key), reason: 'entered twice' });
    expect((await shop.call('customers.get', { id: last.customer })).stats.pointsBalance).toBe(before - last.points);
    const fresh = await shop.call('sales.record', { customerId: last.customer, amount: 120_000 });
    expect(Number(fresh.sale.id)).toBeGreaterThan(last.key);
  });
  it('restores a backup taken before the upgrade (the old layout): the restored file is migrated when the shop reopens', async () => {
    const shop = await openShop({ settings: { pointsValue: { points: 100, value: 10_000 } } });
    await shop.call('customers.create', { fullName: 'Khách mới' });
    // A backup from the old version, in the shop's backups folder as the old version left it.
    const old = path.join(oldShopDir('shop-0095.sqlite.gz'), DB_FILE_NAME);
    const file = path.join(shop.dir, 'backups', 'manual-2026-11-20T03-00-00-000Z.sqlite');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(old, file);
    const reader = new BetterSqlite3(old, { readonly: true });
    const [someone] = all(reader, `SELECT id, code FROM customers WHERE erased_at IS NULL AND merged_into IS NULL ORDER BY rowid LIMIT 1`);
    const purchases = reader.prepare(`SELECT count(*) FROM sales WHERE voided_at IS NULL`).pluck().get();
    reader.close();

    const preview = await shop.call('backups.inspect', { folder: 'data', name: path.basename(file) });
    expect(preview).toMatchObject({ schemaVersion: '0095_customer_merges', newer: false, check: 'ok', purchases });
    await shop.call('backups.restore', { folder: 'data', name: path.basename(file) });
    const sqlite = shop.backend.ctx.sqlite!;
    expect(sqlite.prepare(`SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1`).pluck().get()).toBe(migrations.at(-1)!.name);
    // The old point_lots went at 0100 (its `id` column with it); 0112's is keyed by customer.
    expect(sqlite.prepare(`SELECT count(*) FROM pragma_table_info('point_lots') WHERE name = 'id'`).pluck().get()).toBe(0);
    expect((await shop.call('customers.get', { id: someone!.id as string })).customer.code).toBe(someone!.code);
    expect((await shop.call('customers.search', { query: 'Khách mới' })).items).toEqual([]);
    // The migration after the restore took its own backup first, of the file as restored.
    const kinds = (await shop.call('backups.list', {})).entries.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['pre-restore', 'pre-migration', 'manual']));
  });
});
