/**
 * Points lots (migration 0080, services/points/lots.ts): earned points are lots, a taking row
 * draws from them, and for every customer the lots hold max(0, balance).
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { openShop, tempDir, type TestShop } from './helpers';
import { lotRows } from './pointLots';

const LOTS = migrations.findIndex((m) => m.name === '0081_point_lots');
const T0 = Date.parse('2025-03-01T02:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

type Sqlite = BetterSqlite3.Database;

/** Per customer: ledger balance and what the lots hold. */
function books(sqlite: Sqlite): { customer_id: string; balance: number; lots: number }[] {
  return sqlite
    .prepare(
      `SELECT c.id AS customer_id,
        (SELECT coalesce(sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id) AS balance,
        (SELECT coalesce(sum(remaining), 0) FROM point_lots l WHERE l.customer_id = c.id) AS lots
       FROM customers c ORDER BY c.id`,
    )
    .all() as { customer_id: string; balance: number; lots: number }[];
}

/** A shop at the migration before 0080: purchases, voids, coupon bonuses, and one old negative balance. */
function fill(sqlite: Sqlite): void {
  const customer = sqlite.prepare(
    `INSERT INTO customers(id, code, full_name, search_name, tags, created_at, updated_at) VALUES (?, ?, ?, ?, '[]', ?, ?)`,
  );
  const sale = sqlite.prepare(
    `INSERT INTO sales(id, customer_id, total, points, sold_at, created_at, voided_at, void_reason, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'counter')`,
  );
  const ledger = sqlite.prepare(
    `INSERT INTO points_ledger(id, customer_id, sale_id, kind, points, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let c = 1; c <= 12; c++) {
    const at = iso(T0 + c);
    customer.run(`cust-${String(c).padStart(2, '0')}`, `C${c}`, `Khách ${c}`, `khach ${c}`, at, at);
  }
  for (let i = 0; i < 600; i++) {
    const c = `cust-${String((i % 12) + 1).padStart(2, '0')}`;
    const total = 20_000 + (i % 7) * 15_000;
    const earned = Math.floor(total / 10_000);
    const bonus = i % 11 === 0 ? 50 : 0;
    const soldAt = iso(T0 + i * 60_000);
    const voided = i % 13 === 0 ? iso(T0 + i * 60_000 + 30_000) : null;
    sale.run(`sale-${i}`, c, total, earned + bonus, soldAt, soldAt, voided, voided ? 'mistake' : null);
    ledger.run(`earn-${i}`, c, `sale-${i}`, 'earn', earned, 'purchase', soldAt);
    if (bonus) ledger.run(`bonus-${i}`, c, `sale-${i}`, 'earn', bonus, 'coupon ABCD', soldAt);
    if (voided) ledger.run(`rev-${i}`, c, `sale-${i}`, 'reverse', -(earned + bonus), 'void: mistake', voided);
  }
  // Customer 12 went below zero once (an old hand edit), then earned again: the debt is paid first.
  ledger.run('adj-neg', 'cust-12', null, 'adjust', -2000, 'old correction', iso(T0 + 1_000));
  ledger.run('late-earn', 'cust-12', null, 'adjust', 30, 'goodwill', iso(T0 + 9_000_000));
}

async function lotsOf(shop: TestShop, customerId: string) {
  return (await lotRows(shop, customerId)).map((l) => ({ points: l.points, remaining: l.remaining, sale_id: l.sale_id }));
}

describe('migration 0080: lots from the existing ledger', () => {
  it('keeps every balance and puts exactly max(0, balance) into the lots', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, LOTS));
    sqlite.transaction(fill)(sqlite);
    const before = sqlite
      .prepare(
        `SELECT c.id AS customer_id, coalesce(sum(p.points), 0) AS balance FROM customers c LEFT JOIN points_ledger p ON p.customer_id = c.id GROUP BY c.id ORDER BY c.id`,
      )
      .all();
    const report = await migrate(db, sqlite, dir, migrations.slice(0, LOTS + 1));
    expect(report.applied).toEqual(['0081_point_lots']);

    const after = books(sqlite);
    expect(after.map((b) => ({ customer_id: b.customer_id, balance: b.balance }))).toEqual(before);
    for (const b of after) expect(b.lots, b.customer_id).toBe(Math.max(0, b.balance));
    expect(after.find((b) => b.customer_id === 'cust-12')!.balance).toBeLessThan(0);
    // A void drew its own purchase's lots: a voided sale's lots are empty, and (where nothing was
    // owed) each void's draws add up to its row.
    const voidedLots = sqlite
      .prepare(`SELECT sum(remaining) AS r FROM point_lots WHERE sale_id IN (SELECT id FROM sales WHERE voided_at IS NOT NULL)`)
      .get() as { r: number };
    expect(voidedLots.r).toBe(0);
    const mismatched = sqlite
      .prepare(
        `SELECT p.id FROM points_ledger p LEFT JOIN (SELECT ledger_id, sum(points) AS n FROM point_draws GROUP BY ledger_id) d ON d.ledger_id = p.id
         WHERE p.kind = 'reverse' AND p.customer_id != 'cust-12' AND coalesce(d.n, 0) != -p.points`,
      )
      .all();
    expect(mismatched).toEqual([]);
    expect(sqlite.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
    sqlite.close();
  });
});

describe('lots at the counter', () => {
  it('makes a lot of what a purchase earns, and a void empties that lot and leaves the others', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Trần Thị Mai' });
    const first = await shop.call('sales.record', { customerId: c.id, amount: 120_000 });
    const second = await shop.call('sales.record', { customerId: c.id, amount: 50_000 });
    expect(await lotsOf(shop, c.id)).toEqual([
      { points: 12, remaining: 12, sale_id: Number(first.sale.id) },
      { points: 5, remaining: 5, sale_id: Number(second.sale.id) },
    ]);
    await shop.call('sales.void', { saleId: second.sale.id, reason: 'wrong customer' });
    expect(await lotsOf(shop, c.id)).toEqual([
      { points: 12, remaining: 12, sale_id: Number(first.sale.id) },
      { points: 5, remaining: 0, sale_id: Number(second.sale.id) },
    ]);
    const page = await shop.call('customers.get', { id: c.id });
    expect(page.stats.pointsBalance).toBe(12);
  });

  it('imports a voided purchase with an empty lot', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Lê Văn Hùng' });
    const { bulkInsertSales } = await import('../src/main/services/bulk');
    const k = { db: shop.backend.ctx.db, sqlite: shop.backend.ctx.sqlite! };
    bulkInsertSales(
      k,
      [
        { customerId: c.id, amount: 80_000, soldAt: '2026-11-01T03:00:00.000Z' },
        { customerId: c.id, amount: 40_000, soldAt: '2026-11-02T03:00:00.000Z', voidedAt: '2026-11-02T04:00:00.000Z' },
      ],
      { earnPoints: true },
    );
    expect((await lotsOf(shop, c.id)).map((l) => [l.points, l.remaining])).toEqual([
      [8, 8],
      [4, 0],
    ]);
  });
});

describe('lot query plans', () => {
  it('draws in index order, finds a sale’s lots and a range of customers’ due lots through their indexes, keeps no index of due lots', async () => {
    const shop = await openShop();
    const { lotStatements } = await import('../src/main/services/points/lots');
    const k = { db: shop.backend.ctx.db, sqlite: shop.backend.ctx.sqlite! };
    const plan = (q: string, ...args: unknown[]) =>
      (k.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    // 0112: a customer's open lots are a range of point_lots' key, already in draw order.
    const open = plan(lotStatements(k).open.source, 1);
    expect(open).toMatch(/SEARCH point_lots USING PRIMARY KEY \(customer_id=\?\)/);
    expect(open).not.toMatch(/TEMP B-TREE/);
    const ofSale = plan(lotStatements(k).ofSale.source, 1);
    expect(ofSale).toMatch(/USING INDEX points_ledger_sale/);
    expect(ofSale).toMatch(/SEARCH l USING PRIMARY KEY \(customer_id=\? AND expiry_key=\? AND created_at=\? AND lot_id=\?\)/);
    // A void's give-back writes the lot's row again, keyed from its ledger row.
    expect(plan(lotStatements(k).giveBack.source, 1, 1)).toMatch(/SEARCH points_ledger USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(
      k.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name IN ('points_ledger_open', 'points_ledger_expired_by')`).all(),
    ).toEqual([]);
    expect(k.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'points_ledger_due'`).all()).toEqual([]);
    expect(plan(`SELECT id FROM points_ledger WHERE sale_id = ? AND kind = 'redeem'`, 1)).toMatch(/USING INDEX points_ledger_sale/);
  });
});
