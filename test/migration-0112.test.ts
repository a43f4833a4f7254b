import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { factId } from '../src/main/services/keys';
import { expiryKey, NEVER_EXPIRES } from '../src/main/services/points/lots';
import { openShop, tempDir } from './helpers';
import { books, expiryFaults } from './pointLots';

const BEFORE = migrations.findIndex((m) => m.name === '0112_point_lots_table');
const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T03:00:00Z');

describe('migration 0112: point lots in their own table', () => {
  it('moves what is left of each open lot to point_lots, what expiry took to lot_expiries, and marks each lot by its debt', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    // A file at 0111 as the app wrote it. Customer 1: a purchase's lot (30) expired whole; a gift
    // lot (20) expired twice (5 of it spent, given back by a void, then expired again); a lot that
    // never expires (50) with 20 spent. Customer 2: owed 10, then a lot of 25 kept 15 (10 paid the
    // debt), 5 of it spent; a lot of 8 spent whole.
    const customer = sqlite.prepare(
      `INSERT INTO customers(id, gid, code, full_name, search_name, created_at, updated_at)
       VALUES (?, randomblob(16), ?, ?, ?, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
    );
    customer.run(1, 'C000001', 'Lê Văn Tám', 'le van tam');
    customer.run(2, 'C000002', 'Trần Thị Hoa', 'tran thi hoa');
    const origin = (sqlite.prepare(`SELECT key FROM installs WHERE current = 1`).get() as { key: number }).key;
    const sale = sqlite.prepare(
      `INSERT INTO sales(id, customer_id, total, points, sold_at, created_at, voided_at, void_reason, points_redeemed, origin)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    sale.run(1, 1, 300_000, 30, T0, T0, null, null, 0, origin);
    sale.run(2, 1, 100_000, 0, T0 + DAY, T0 + DAY, T0 + 2 * DAY, 'wrong customer', 5, origin);
    const ledger = sqlite.prepare(
      `INSERT INTO points_ledger(id, customer_id, sale_id, kind, points, reason, created_at, remaining, expires_at, origin, expired, expired_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const draw = sqlite.prepare(`INSERT INTO point_draws(ledger_id, lot_id, points) VALUES (?, ?, ?)`);
    ledger.run(1, 1, 1, 'earn', 30, null, T0, 0, T0 + 30 * DAY, origin, 30, 4);
    ledger.run(2, 1, null, 'adjust', 20, 'gift', T0, 0, T0 + 30 * DAY, origin, 20, 6);
    ledger.run(3, 1, 2, 'redeem', -5, null, T0 + DAY, null, null, origin, null, null);
    draw.run(3, 2, 5);
    ledger.run(4, 1, null, 'expire', -45, 'expired lots earned …', T0 + 31 * DAY, null, null, origin, null, null);
    ledger.run(5, 1, 2, 'reverse', 5, 'void: wrong customer', T0 + 32 * DAY, null, null, origin, null, null);
    ledger.run(6, 1, null, 'expire', -5, 'expired lot earned …', T0 + 33 * DAY, null, null, origin, null, null);
    ledger.run(7, 1, null, 'adjust', 50, 'welcome', T0 + 34 * DAY, 30, null, origin, null, null);
    ledger.run(8, 1, null, 'adjust', -20, 'spent', T0 + 35 * DAY, null, null, origin, null, null);
    draw.run(8, 7, 20);
    ledger.run(9, 2, null, 'adjust', -10, 'old correction', T0, null, null, origin, null, null);
    ledger.run(10, 2, null, 'adjust', 25, 'goodwill', T0 + DAY, 10, T0 + 400 * DAY, origin, null, null);
    ledger.run(11, 2, null, 'adjust', -5, 'spent', T0 + 2 * DAY, null, null, origin, null, null);
    draw.run(11, 10, 5);
    ledger.run(12, 2, null, 'adjust', 8, 'small', T0 + 3 * DAY, 0, T0 + 400 * DAY, origin, null, null);
    ledger.run(13, 2, null, 'adjust', -8, 'spent', T0 + 4 * DAY, null, null, origin, null, null);
    draw.run(13, 12, 8);
    const balances = sqlite.prepare(`SELECT customer_id, sum(points) AS b FROM points_ledger GROUP BY customer_id ORDER BY 1`).all();
    expect(balances).toEqual([
      { customer_id: 1, b: 30 },
      { customer_id: 2, b: 10 },
    ]);

    const report = await migrate(db, sqlite, dir, migrations.slice(0, BEFORE + 1));
    expect(report.applied).toEqual(['0112_point_lots_table']);
    expect(sqlite.prepare(`SELECT * FROM point_lots`).all()).toEqual([
      { customer_id: 1, expiry_key: NEVER_EXPIRES, created_at: T0 + 34 * DAY, lot_id: 7, remaining: 30 },
      { customer_id: 2, expiry_key: expiryKey(T0 + 400 * DAY), created_at: T0 + DAY, lot_id: 10, remaining: 10 },
    ]);
    expect(sqlite.prepare(`SELECT * FROM lot_expiries`).all()).toEqual([
      { expired_by: 4, lot_id: 1, expired: 30 },
      { expired_by: 6, lot_id: 2, expired: 20 },
    ]);
    // Each lot's size when written (points − lot_debt) is what sync sends; the gift lot's spend
    // was given back by the void, so it is not counted besides what expired.
    expect(sqlite.prepare(`SELECT id, points - lot_debt AS size FROM points_ledger WHERE lot_debt IS NOT NULL ORDER BY id`).all()).toEqual([
      { id: 1, size: 30 },
      { id: 2, size: 20 },
      { id: 7, size: 50 },
      { id: 10, size: 15 },
      { id: 12, size: 8 },
    ]);
    const columns = (sqlite.prepare(`SELECT name FROM pragma_table_info('points_ledger')`).all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toEqual(expect.arrayContaining(['remaining']));
    expect(columns.filter((c) => c.startsWith('expired') || c === 'remaining')).toEqual([]);
    expect(
      sqlite
        .prepare(`SELECT name FROM sqlite_master WHERE name IN ('points_ledger_open', 'points_ledger_expired_by', 'point_draws_lot')`)
        .all(),
    ).toEqual([]);
    // The draws of spends stay, without their index by lot.
    expect(sqlite.prepare(`SELECT ledger_id, lot_id, points FROM point_draws ORDER BY 1`).all()).toEqual([
      { ledger_id: 3, lot_id: 2, points: 5 },
      { ledger_id: 8, lot_id: 7, points: 20 },
      { ledger_id: 11, lot_id: 10, points: 5 },
      { ledger_id: 13, lot_id: 12, points: 8 },
    ]);
    expect(sqlite.prepare(`SELECT customer_id, sum(points) AS b FROM points_ledger GROUP BY customer_id ORDER BY 1`).all()).toEqual(
      balances,
    );
    expect(sqlite.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    await db.destroy();

    // The app on the new layout: voiding the purchase whose lot expired takes nothing more (its
    // 30 points are gone, found through the customer's expire rows); spending draws customer 2's
    // lot; the books hold.
    const shop = await openShop({ dir, now: '2025-05-01T03:00:00Z' });
    expect(expiryFaults(shop)).toEqual([]);
    for (const b of books(shop)) expect(b.lots, b.id).toBe(Math.max(0, b.balance));
    const [tam, hoa] = (await shop.call('customers.search', { query: '' })).items.sort((a, b) => a.code.localeCompare(b.code));
    expect((await shop.call('points.ledger', { customerId: tam!.id })).balance).toBe(30);
    await shop.call('sales.void', { saleId: factId(1), reason: 'test' });
    const after = await shop.call('points.ledger', { customerId: tam!.id });
    expect(after.balance).toBe(30);
    expect(after.entries.at(-1)).toMatchObject({ kind: 'reverse', points: 0 });
    const spent = await shop.call('points.adjust', { customerId: hoa!.id, points: -10, reason: 'spent' });
    expect(spent.balance).toBe(0);
    expect(shop.backend.ctx.sqlite!.prepare(`SELECT lot_id FROM point_lots ORDER BY 1`).pluck().all()).toEqual([7]);
    expect(expiryFaults(shop)).toEqual([]);
    for (const b of books(shop)) expect(b.lots, b.id).toBe(Math.max(0, b.balance));
  });
});
