/**
 * A purchase's audit row commits with the purchase (issue 19): one commit, so one fsync, and the two
 * are both on disk or neither is, through a refusal, a failing audit insert and a SIGKILL right after
 * the answer.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { DB_FILE_NAME } from '../src/main/db/open';
import { openShop } from './helpers';

const root = path.resolve(__dirname, '..');
const walkIn = { customerId: null, amount: 50_000 };

/** Commit frames in the WAL since it last restarted (frames whose salts match the header's). */
function walCommits(file: string): number {
  const wal = fs.readFileSync(`${file}-wal`);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt1 || wal.readUInt32BE(at + 12) !== salt2) break;
    if (wal.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}

const counts = (sqlite: BetterSqlite3.Database): { sales: number; audited: number } =>
  sqlite
    .prepare('SELECT (SELECT count(*) FROM sales) AS sales, (SELECT count(*) FROM audit_log WHERE sale IS NOT NULL) AS audited')
    .get() as {
    sales: number;
    audited: number;
  };

describe('a sale and its audit row', () => {
  it('are one commit: the row is there when the sale answers, and the WAL took one commit for both', async () => {
    const shop = await openShop();
    const { ctx } = shop.backend;
    await new Promise((r) => setTimeout(r, 20));
    const before = walCommits(shop.backend.database.file);
    const r = await dispatch(ctx, 'sales.record', walkIn);
    expect(r.ok).toBe(true);
    // No turn of the event loop yet: nothing queued could have been written.
    expect(counts(ctx.sqlite!)).toEqual({ sales: 1, audited: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(walCommits(shop.backend.database.file) - before).toBe(1);
  });

  it('are both absent when the sale is refused, and when the audit row cannot be written', async () => {
    const shop = await openShop();
    const { ctx } = shop.backend;
    expect((await shop.fail('sales.record', { customerId: '0190b6a0-0000-7000-8000-000000000001', amount: 1 })).code).toBe('NOT_FOUND');
    // The audit insert fails inside the sale's transaction: the sale goes with it.
    ctx.sqlite!.exec(`CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    expect((await shop.fail('sales.record', walkIn)).code).toBe('INTERNAL');
    ctx.sqlite!.exec('DROP TRIGGER audit_fails');
    await new Promise((r) => setTimeout(r, 20));
    expect(counts(ctx.sqlite!)).toEqual({ sales: 0, audited: 0 });
  });

  it('writes no second row when a key replays the sale', async () => {
    const shop = await openShop();
    const { ctx } = shop.backend;
    const keyed = { ...walkIn, idempotencyKey: '0190b6a0-0000-7000-8000-0000000000a1' };
    const first = await shop.call('sales.record', keyed);
    const again = await shop.call('sales.record', keyed);
    expect(again.sale.id).toBe(first.sale.id);
    await new Promise((r) => setTimeout(r, 20));
    expect(counts(ctx.sqlite!)).toEqual({ sales: 1, audited: 1 });
  });

  it('are both on disk after a SIGKILL right after the answer', async () => {
    const shop = await openShop();
    const dir = shop.dir;
    await shop.backend.close();
    const child = spawnSync(
      process.execPath,
      ['-e', "require('tsx/cjs/api').register(); require('./test/fixtures/saleThenKill.ts')", dir],
      { cwd: root, encoding: 'utf8', env: { ...process.env, REGULARS_DATA_DIR: '' } },
    );
    expect(child.signal).toBe('SIGKILL');
    const saleId = /acknowledged (\d+)/.exec(child.stdout)?.[1];
    expect(saleId).toBeDefined();
    const sqlite = new BetterSqlite3(path.join(dir, DB_FILE_NAME), { readonly: true });
    try {
      expect(sqlite.prepare('SELECT sale FROM audit_log WHERE sale IS NOT NULL').all()).toEqual([{ sale: Number(saleId) }]);
      expect(counts(sqlite).sales).toBe(1);
    } finally {
      sqlite.close();
    }
  }, 30_000);
});
