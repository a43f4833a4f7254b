/**
 * Migration 0105: coupons rebuilt without "used_count <= usage_limit" (sync may record a single-use
 * coupon used on two offline tills). A shop with purchases that used coupons keeps every link, and
 * the file then accepts a count past the limit.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Database } from '../src/main/db/schema';
import { tempDir } from './helpers';

const BEFORE = migrations.findIndex((m) => m.name === '0105_sync_findings');

describe('migration 0105', () => {
  it('keeps coupons and the purchases that used them, and lets a count pass the limit', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME));
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrate(db, sqlite, dir, migrations.slice(0, BEFORE));
    const origin = (sqlite.prepare(`SELECT key FROM installs WHERE current = 1`).get() as { key: number }).key;
    sqlite.exec(`INSERT INTO campaigns (id, gid, name, audience, offer_kind, valid_from, valid_to, status, created_at, updated_at)
      VALUES (1, x'01', 'Tờ rơi', '{"kind":"flyer","usageLimit":2}', 'amount', '2026-11-01', '2026-11-30', 'issued', 'x', 'x')`);
    sqlite.exec(`INSERT INTO coupons (id, gid, code, campaign_id, usage_limit, used_count, issued_at)
      VALUES (7, x'07', 'A1-XYZ', 1, 2, 2, 'x'), (8, x'08', 'A1-QRS', 1, 1, 0, 'x')`);
    const sale = sqlite.prepare(`INSERT INTO sales (id, total, sold_at, created_at, coupon_id, origin) VALUES (?, 1000, 1, 1, ?, ?)`);
    sale.run(1, 7, origin);
    sale.run(2, null, origin);
    sale.run(3, 7, origin);
    await migrate(db, sqlite, dir, migrations);
    const rows = sqlite.prepare(`SELECT id, coupon_id FROM sales ORDER BY id`).all();
    expect(rows).toEqual([
      { id: 1, coupon_id: 7 },
      { id: 2, coupon_id: null },
      { id: 3, coupon_id: 7 },
    ]);
    expect(sqlite.prepare(`SELECT id, code, used_count FROM coupons ORDER BY id`).all()).toEqual([
      { id: 7, code: 'A1-XYZ', used_count: 2 },
      { id: 8, code: 'A1-QRS', used_count: 0 },
    ]);
    sqlite.exec(`UPDATE coupons SET used_count = 2 WHERE id = 8`);
    expect(() => sqlite.exec(`UPDATE coupons SET used_count = -1 WHERE id = 8`)).toThrow(/CHECK/);
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE name IN ('coupons_campaign', 'sync_findings') ORDER BY 1`).all(),
    ).toHaveLength(2);
    await db.destroy();
  });
});
