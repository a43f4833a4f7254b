import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { factId } from '../src/main/services/keys';
import { openShop, tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0109_lot_expired');
const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T03:00:00Z');

describe('migration 0109: expiry on the lot row', () => {
  it('turns the draws of expire rows into what each lot lost and the row that took it last, keeping the draws of spends', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    // A file at 0108 as the app wrote it: a purchase's lot (30) and a gift lot (20) expired, the
    // gift lot twice (5 of it spent, given back by the purchase's void, then expired again), and a
    // lot that never expires (50).
    sqlite
      .prepare(
        `INSERT INTO customers(id, gid, code, full_name, search_name, created_at, updated_at)
         VALUES (1, randomblob(16), 'C000001', 'Lê Văn Tám', 'le van tam', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`,
      )
      .run();
    const origin = (sqlite.prepare(`SELECT key FROM installs WHERE current = 1`).get() as { key: number }).key;
    const sale = sqlite.prepare(
      `INSERT INTO sales(id, customer_id, total, points, sold_at, created_at, voided_at, void_reason, points_redeemed, origin)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    sale.run(1, 300_000, 30, T0, T0, null, null, 0, origin);
    sale.run(2, 100_000, 10, T0 + DAY, T0 + DAY, T0 + 2 * DAY, 'wrong customer', 5, origin);
    const ledger = sqlite.prepare(
      `INSERT INTO points_ledger(id, customer_id, sale_id, kind, points, reason, created_at, remaining, expires_at, origin)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const draw = sqlite.prepare(`INSERT INTO point_draws(ledger_id, lot_id, points) VALUES (?, ?, ?)`);
    ledger.run(1, 1, 'earn', 30, null, T0, 0, T0 + 30 * DAY, origin);
    ledger.run(2, null, 'adjust', 20, 'gift', T0, 0, T0 + 30 * DAY, origin);
    ledger.run(3, 2, 'redeem', -5, null, T0 + DAY, null, null, origin);
    draw.run(3, 2, 5);
    ledger.run(4, null, 'expire', -45, 'expired lots earned …', T0 + 31 * DAY, null, null, origin);
    draw.run(4, 1, 30);
    draw.run(4, 2, 15);
    ledger.run(5, 2, 'reverse', 5, 'void: wrong customer', T0 + 32 * DAY, null, null, origin);
    ledger.run(6, null, 'expire', -5, 'expired lot earned …', T0 + 33 * DAY, null, null, origin);
    draw.run(6, 2, 5);
    ledger.run(7, null, 'adjust', 50, 'welcome', T0 + 34 * DAY, 50, null, origin);

    const report = await migrate(db, sqlite, dir, migrations.slice(0, BEFORE + 1));
    expect(report.applied).toEqual(['0109_lot_expired']);
    expect(
      sqlite.prepare(`SELECT id, remaining, expired, expired_by FROM points_ledger WHERE remaining IS NOT NULL ORDER BY id`).all(),
    ).toEqual([
      { id: 1, remaining: 0, expired: 30, expired_by: 4 },
      { id: 2, remaining: 0, expired: 20, expired_by: 6 },
      { id: 7, remaining: 50, expired: null, expired_by: null },
    ]);
    expect(sqlite.prepare(`SELECT ledger_id, lot_id, points FROM point_draws`).all()).toEqual([{ ledger_id: 3, lot_id: 2, points: 5 }]);
    expect(sqlite.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
    await db.destroy();

    // The app on the new layout: voiding the purchase whose lot expired takes nothing of the
    // lot that never expires (its 30 points are already gone), as before the migration.
    const shop = await openShop({ dir, now: '2025-05-01T03:00:00Z' });
    const [customer] = (await shop.call('customers.search', { query: '' })).items;
    expect((await shop.call('points.ledger', { customerId: customer!.id })).balance).toBe(50);
    await shop.call('sales.void', { saleId: factId(1), reason: 'test' });
    const after = await shop.call('points.ledger', { customerId: customer!.id });
    expect(after.balance).toBe(50);
    expect(after.entries.at(-1)).toMatchObject({ kind: 'reverse', points: 0 });
    const lots = shop.backend.ctx.sqlite!.prepare(`SELECT sum(remaining) AS r FROM point_lots`).get() as { r: number };
    expect(lots.r).toBe(50);
  });
});
