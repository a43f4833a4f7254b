/**
 * The WAL given its room at start-up (db/walAhead.ts): the file grows, nothing in the shop changes,
 * a sale then overwrites the room instead of appending, and a process killed half-way through the
 * growing leaves the shop as it was.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { openBackend, type Backend } from '../src/main/backend';
import { HARD_LIMIT_FRAMES } from '../src/main/db/checkpointer';
import { DB_FILE_NAME } from '../src/main/db/open';
import { growWalAhead } from '../src/main/db/walAhead';
import { tempDir } from './helpers';

const open: Backend[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

async function shop(dir: string, walAhead: boolean): Promise<Backend> {
  const b = await openBackend(dir, { walAhead, now: () => new Date('2026-11-25T03:00:00Z') });
  open.push(b);
  return b;
}

async function call(b: Backend, method: string, input: unknown): Promise<never> {
  const r = await dispatch(b.ctx, method as never, input as never);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.value as never;
}

/** What the shop holds, and that the file is sound. */
function state(file: string) {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return {
      check: db.pragma('integrity_check', { simple: true }),
      tables: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
        (r) => r.name,
      ),
      customers: db.prepare('SELECT id, full_name FROM customers ORDER BY id').all(),
      sales: db.prepare('SELECT id, customer_id, total FROM sales ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

/** A shop with one customer and one purchase, closed (its WAL folded back and removed). */
async function closedShopWithASale(fullName: string) {
  const dir = tempDir();
  const b = await shop(dir, false);
  const { id: customerId } = (await call(b, 'customers.create', { fullName })) as { id: string };
  await call(b, 'sales.record', { customerId, amount: 120_000 });
  await b.close();
  open.pop();
  const file = path.join(dir, DB_FILE_NAME);
  return { dir, file, customerId, before: state(file) };
}

const walSize = (dir: string): number => {
  const wal = path.join(dir, `${DB_FILE_NAME}-wal`);
  return fs.existsSync(wal) ? fs.statSync(wal).size : 0;
};

describe('the WAL given its room at start-up', () => {
  it('grows the WAL file, changes nothing in the shop, and sales then write inside it', async () => {
    const { dir, file, customerId, before } = await closedShopWithASale('Nguyễn Thị Ánh');
    const b = await shop(dir, true);
    const pageSize = b.ctx.sqlite!.pragma('page_size', { simple: true }) as number;
    const room = 32 + HARD_LIMIT_FRAMES * (24 + pageSize);
    expect(walSize(dir)).toBeGreaterThanOrEqual(room);
    // The room holds no frame of the shop: the WAL's length is what it was.
    expect((b.ctx.sqlite!.pragma('wal_checkpoint(NOOP)') as { log: number }[])[0]!.log).toBeLessThan(50);
    expect(state(file)).toEqual(before);
    // A second call finds the room there and writes nothing.
    expect(growWalAhead(b.ctx.sqlite!, file)).toBe(0);

    // Sales go in as ever, and the file does not grow for them.
    const size = walSize(dir);
    for (let i = 0; i < 20; i++) await call(b, 'sales.record', { customerId, amount: 10_000 + i });
    expect(walSize(dir)).toBe(size);
    await b.close();
    open.pop();
    const after = state(file);
    expect(after.check).toBe('ok');
    expect(after.sales).toHaveLength(before.sales.length + 20);
    expect(after.tables).toEqual(before.tables);
  });

  it('leaves the shop as it was when another process holds the write lock', async () => {
    const dir = tempDir();
    const b = await shop(dir, false);
    const file = path.join(dir, DB_FILE_NAME);
    const other = new BetterSqlite3(file);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      b.ctx.sqlite!.pragma('busy_timeout = 0');
      expect(growWalAhead(b.ctx.sqlite!, file)).toBe(0);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(b.ctx.sqlite!.inTransaction).toBe(false);
    expect(b.ctx.sqlite!.pragma('cache_size', { simple: true })).toBe(-32000);
  });

  it('a process killed while growing it leaves the shop whole: the spilled pages were never committed', async () => {
    const { dir, file, customerId, before } = await closedShopWithASale('陳美玲');
    // The same steps as growWalAhead, then SIGKILL before the rollback.
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(process.argv[1]);
         db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL');
         db.exec('BEGIN IMMEDIATE'); db.pragma('cache_size = 64');
         db.exec('CREATE TABLE wal_ahead_scratch (b BLOB)');
         db.prepare('INSERT INTO wal_ahead_scratch (b) SELECT zeroblob(3900) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) SELECT i FROM n)').run();
         process.kill(process.pid, 'SIGKILL');`,
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(child.signal).toBe('SIGKILL');
    expect(walSize(dir)).toBeGreaterThan(1_900 * 4096);
    const b = await shop(dir, true);
    await call(b, 'sales.record', { customerId, amount: 5_000 });
    await b.close();
    open.pop();
    const after = state(file);
    expect(after.check).toBe('ok');
    expect(after.tables).toEqual(before.tables);
    expect(after.customers).toEqual(before.customers);
    expect(after.sales).toHaveLength(before.sales.length + 1);
  });
});
