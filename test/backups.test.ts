/** Backups and restore through dispatch on real files: rotation, the second folder, restore row for row, refusals. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME } from '../src/main/db/open';
import { backupFileName, parseBackupName } from '../src/main/services/backups/names';
import { backupsToPrune, type Rotatable } from '../src/main/services/backups/rotation';
import { dailyDue, scheduleDailyBackups } from '../src/main/services/backups/schedule';
import { disableWorkersForTest, WORKER_NICE } from '../src/main/services/backups/worker';
import { count, openShop, tempDir, type TestShop } from './helpers';

const posix = process.platform !== 'win32';

/**
 * Every row of every table (FTS shadow tables included), in rowid order: "equal row for row". The
 * audit log is left out: it records the calls themselves (a backup, a refused or done restore) and
 * is written just after each call answers, so it is the one table that rightly differs.
 */
function dump(sqlite: BetterSqlite3.Database): Record<string, unknown[]> {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'audit_log' ORDER BY name")
    .pluck()
    .all() as string[];
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    try {
      out[t] = sqlite.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all();
    } catch {
      out[t] = sqlite.prepare(`SELECT * FROM "${t}"`).all(); // WITHOUT ROWID tables
    }
  }
  return out;
}

async function someShop(): Promise<{ shop: TestShop; customerId: string }> {
  const shop = await openShop();
  const a = await shop.call('customers.create', { fullName: 'Ngô Bảo Châu', phone: '0903 111 222' });
  const b = await shop.call('customers.create', { fullName: '陳美玲' });
  await shop.call('cards.issue', { customerId: a.id });
  await shop.call('sales.record', { customerId: a.id, amount: 120_000 });
  await shop.call('sales.record', { customerId: b.id, amount: 45_000 });
  return { shop, customerId: a.id };
}

describe('backup names and rotation', () => {
  it('reads its own names and those of older versions, and nothing else', () => {
    const at = new Date('2026-11-25T03:00:00.123Z');
    expect(parseBackupName(backupFileName('pre-import', at))).toEqual({ kind: 'pre-import', takenAt: at });
    expect(parseBackupName('regulars-2026-11-25T03-00-00-123Z.sqlite')).toEqual({ kind: 'manual', takenAt: at });
    expect(parseBackupName('before-0081_points_lots-2026-11-25T03-00-00-123Z.sqlite')?.kind).toBe('pre-migration');
    expect(parseBackupName('regulars.sqlite')).toBeNull();
    expect(parseBackupName('daily-2026-11-25T03-00-00-123Z.sqlite.partial')).toBeNull();
  });

  it('keeps 7 daily, 4 weekly, 12 monthly, 10 of each other kind, and the newest of every kind', () => {
    const list: Rotatable[] = [];
    // Two daily copies a day for 400 days.
    for (let d = 0; d < 400; d++) {
      for (const h of [1, 13]) {
        const at = new Date(Date.UTC(2026, 10, 25, h) - d * 86_400_000);
        list.push({ name: backupFileName('daily', at), kind: 'daily', takenAt: at });
      }
    }
    for (let i = 0; i < 15; i++) {
      const at = new Date(Date.UTC(2026, 10, 1 + i));
      list.push({ name: backupFileName('manual', at), kind: 'manual', takenAt: at });
    }
    const old = new Date(Date.UTC(2020, 0, 1));
    list.push({ name: backupFileName('pre-restore', old), kind: 'pre-restore', takenAt: old });

    const gone = new Set(backupsToPrune(list));
    const kept = list.filter((b) => !gone.has(b));
    const daily = kept.filter((b) => b.kind === 'daily').map((b) => b.takenAt.toISOString());
    // The last 7 days (the 13:00 copy of each), then Sundays' for the weeks, then month ends.
    expect(daily.slice(0, 7)).toEqual([25, 24, 23, 22, 21, 20, 19].map((d) => `2026-11-${d}T13:00:00.000Z`));
    expect(new Set(daily.map((d) => d.slice(0, 7))).size).toBe(12);
    expect(daily.length).toBeLessThanOrEqual(7 + 4 + 12);
    expect(daily).toContain('2026-11-15T13:00:00.000Z'); // the newest of the week before last (ISO weeks end on Sunday)
    expect(daily).toContain('2026-10-31T13:00:00.000Z'); // the newest of October
    expect(daily).not.toContain('2026-11-19T01:00:00.000Z');
    // The 10 most recent manual copies (1–15 November: the 6th onwards).
    expect(kept.filter((b) => b.kind === 'manual').map((b) => b.takenAt.getUTCDate())).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(kept.filter((b) => b.kind === 'pre-restore')).toHaveLength(1);
  });
});

describe('backups of the open shop', () => {
  it('takes a private, checked copy that lists, and prunes by the rotation in the folder', async () => {
    const { shop } = await someShop();
    const taken = await shop.call('backups.take', {});
    expect(taken.entry).toMatchObject({ folder: 'data', kind: 'manual', takenAt: '2026-11-25T03:00:00.000Z' });
    expect(taken.mirror).toBeNull();
    const file = path.join(shop.dir, 'backups', taken.entry.name);
    expect(fs.statSync(file).size).toBe(taken.entry.bytes);
    if (posix) {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
    const copy = new BetterSqlite3(file, { readonly: true });
    expect(dump(copy)).toEqual(dump(shop.backend.ctx.sqlite!));
    copy.close();

    // Eleven more manual copies: the oldest two go.
    for (let i = 0; i < 11; i++) {
      shop.clock.now = new Date(shop.clock.now.getTime() + 60_000);
      await shop.call('backups.take', {});
    }
    const state = await shop.call('backups.list', {});
    expect(state.entries.filter((e) => e.kind === 'manual')).toHaveLength(10);
    expect(state.entries.some((e) => e.name === taken.entry.name)).toBe(false);
    expect(state.entries[0]!.takenAt).toBe(shop.clock.now.toISOString());
  });

  it('mirrors to a second folder, and refuses one that is or holds the data folder', async () => {
    const { shop } = await someShop();
    const inside = path.join(shop.dir, 'backups');
    fs.mkdirSync(inside, { recursive: true });
    for (const folder of [shop.dir, inside, path.join(shop.dir, 'not-yet', 'made'), path.dirname(shop.dir)]) {
      expect((await shop.fail('backups.setFolder', { folder })).code).toBe('BACKUP_FOLDER_HOLDS_SHOP');
    }
    expect(await shop.fail('backups.setFolder', { folder: 'usb/backups' })).toMatchObject({
      code: 'BACKUP_FOLDER_UNUSABLE',
      field: 'folder',
    });
    expect(await shop.fail('backups.setFolder', { folder: path.join(tempDir(), 'nope') })).toMatchObject({
      code: 'BACKUP_FOLDER_UNUSABLE',
      params: { reason: 'missing' },
    });
    const otherShop = tempDir();
    fs.writeFileSync(path.join(otherShop, DB_FILE_NAME), '');
    expect((await shop.fail('backups.setFolder', { folder: otherShop })).code).toBe('BACKUP_FOLDER_HOLDS_SHOP');

    const usb = tempDir('regulars-usb-');
    const state = await shop.call('backups.setFolder', { folder: usb });
    expect(state.secondFolder).toBe(fs.realpathSync(usb));
    const taken = await shop.call('backups.take', {});
    expect(taken.mirror).toEqual({ ok: true });
    expect(fs.readdirSync(usb)).toEqual([taken.entry.name]);
    const listed = (await shop.call('backups.list', {})).entries.filter((e) => e.name === taken.entry.name);
    expect(listed.map((e) => e.folder).sort()).toEqual(['data', 'second']);

    // The stick pulled out: the backup still happens in the data folder, and says the copy failed.
    fs.rmSync(usb, { recursive: true });
    fs.writeFileSync(usb, 'not a folder');
    shop.clock.now = new Date(shop.clock.now.getTime() + 1000);
    const again = await shop.call('backups.take', {});
    expect(again.mirror?.ok).toBe(false);
    expect(fs.existsSync(path.join(shop.dir, 'backups', again.entry.name))).toBe(true);
    expect((await shop.call('backups.setFolder', { folder: null })).secondFolder).toBeNull();
  });

  it('takes the daily copy when the last is a day old, not before', async () => {
    const { shop } = await someShop();
    const ctx = shop.backend.ctx;
    expect(dailyDue(ctx, shop.clock.now)).toBe(true);
    let schedule = scheduleDailyBackups(ctx, 0);
    await new Promise((r) => setTimeout(r, 50));
    await schedule.running();
    schedule.stop();
    const dailies = () => fs.readdirSync(path.join(shop.dir, 'backups')).filter((n) => n.startsWith('daily-'));
    expect(dailies()).toEqual([backupFileName('daily', shop.clock.now)]);
    shop.clock.now = new Date(shop.clock.now.getTime() + 23 * 3_600_000);
    expect(dailyDue(ctx, shop.clock.now)).toBe(false);
    schedule = scheduleDailyBackups(ctx, 0);
    await new Promise((r) => setTimeout(r, 50));
    await schedule.running();
    schedule.stop();
    expect(dailies()).toHaveLength(1);
    shop.clock.now = new Date(shop.clock.now.getTime() + 3_600_000);
    expect(dailyDue(ctx, shop.clock.now)).toBe(true);
  });

  it('takes a copy before an import', async () => {
    const { shop } = await someShop();
    const csv = `receipt,customer,date,amount\nOLD-1,,2026-01-05 10:00,40000\n`;
    await shop.call('imports.commit', { csv, fileName: 'old.csv' });
    const pre = (await shop.call('backups.list', {})).entries.filter((e) => e.kind === 'pre-import');
    expect(pre).toHaveLength(1);
    const copy = new BetterSqlite3(path.join(shop.dir, 'backups', pre[0]!.name), { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM sales').pluck().get()).toBe(2);
    copy.close();
    expect(await count(shop, 'sales')).toBe(3);
  });
});

describe('restore', () => {
  it('previews, backs up the current state, and brings back the backup row for row; the shop works on', async () => {
    const { shop, customerId } = await someShop();
    const taken = await shop.call('backups.take', {});
    const atBackup = dump(shop.backend.ctx.sqlite!);
    const dashboardAtBackup = await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-30' });

    // Later work the restore throws away (the pre-restore copy keeps it).
    shop.clock.now = new Date('2026-11-26T03:00:00Z');
    await shop.call('customers.create', { fullName: 'Lê Văn Tám' });
    await shop.call('sales.record', { customerId, amount: 999_000 });
    await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-30' });
    const later = dump(shop.backend.ctx.sqlite!);

    const preview = await shop.call('backups.inspect', { folder: 'data', name: taken.entry.name });
    expect(preview).toMatchObject({
      name: taken.entry.name,
      takenAt: '2026-11-25T03:00:00.000Z',
      customers: 2,
      purchases: 2,
      lastPurchaseAt: '2026-11-25T03:00:00.000Z',
      newer: false,
      check: 'ok',
    });
    expect(preview.schemaVersion).toMatch(/^\d{4}_/);

    const r = await shop.call('backups.restore', { folder: 'data', name: taken.entry.name });
    expect(r.before.kind).toBe('pre-restore');
    expect(dump(shop.backend.ctx.sqlite!)).toEqual(atBackup);
    // The caches of the old connection are gone: the dashboard is the backup's.
    expect(await shop.call('reports.dashboard', { from: '2026-11-01', to: '2026-11-30' })).toEqual(dashboardAtBackup);
    const before = new BetterSqlite3(path.join(shop.dir, 'backups', r.before.name), { readonly: true });
    expect(dump(before)).toEqual(later);
    before.close();
    // No temporary or set-aside file left behind.
    expect(fs.readdirSync(shop.dir).filter((n) => /^(restoring|replaced)-/.test(n))).toEqual([]);

    await shop.call('sales.record', { customerId, amount: 10_000 });
    expect(await count(shop, 'sales')).toBe(3);
  });

  it('refuses a file from a newer version, a damaged file and a file that is no shop, changing nothing', async () => {
    const { shop } = await someShop();
    const taken = await shop.call('backups.take', {});
    const backups = path.join(shop.dir, 'backups');
    const newer = path.join(backups, 'manual-2026-11-25T04-00-00-000Z.sqlite');
    fs.copyFileSync(path.join(backups, taken.entry.name), newer);
    const n = new BetterSqlite3(newer);
    n.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future', 'x')").run();
    n.close();
    const damaged = path.join(backups, 'manual-2026-11-25T05-00-00-000Z.sqlite');
    const bytes = fs.readFileSync(path.join(backups, taken.entry.name));
    bytes.fill(0x5a, 4096 * 2, 4096 * 4);
    fs.writeFileSync(damaged, bytes);
    const stranger = path.join(backups, 'manual-2026-11-25T06-00-00-000Z.sqlite');
    const s = new BetterSqlite3(stranger);
    s.exec('CREATE TABLE notes (x TEXT)');
    s.close();

    await shop.call('customers.create', { fullName: 'Only in the live file' });
    const live = dump(shop.backend.ctx.sqlite!);
    expect(await shop.call('backups.inspect', { folder: 'data', name: path.basename(newer) })).toMatchObject({
      newer: true,
      schemaVersion: '9999_from_the_future',
    });
    expect(await shop.fail('backups.restore', { folder: 'data', name: path.basename(newer) })).toMatchObject({
      code: 'BACKUP_TOO_NEW',
      params: { migration: '9999_from_the_future' },
    });
    expect((await shop.fail('backups.restore', { folder: 'data', name: path.basename(damaged) })).code).toBe('BACKUP_DAMAGED');
    expect((await shop.fail('backups.restore', { folder: 'data', name: path.basename(stranger) })).code).toBe('BACKUP_NOT_A_SHOP');
    expect((await shop.fail('backups.restore', { folder: 'data', name: 'manual-2020-01-01T00-00-00-000Z.sqlite' })).code).toBe('NOT_FOUND');
    expect((await shop.fail('backups.restore', { folder: 'data', name: '../regulars.sqlite' })).code).toBe('VALIDATION');

    expect(dump(shop.backend.ctx.sqlite!)).toEqual(live);
    expect((await shop.call('backups.list', {})).entries.filter((e) => e.kind === 'pre-restore')).toEqual([]);
    expect(fs.readdirSync(shop.dir).filter((n) => /^(restoring|replaced)-/.test(n))).toEqual([]);
  });

  it('still backs up and restores where a worker thread cannot load SQLite (on the main thread)', async () => {
    const { shop } = await someShop();
    disableWorkersForTest(true);
    try {
      const taken = await shop.call('backups.take', {});
      const atBackup = dump(shop.backend.ctx.sqlite!);
      await shop.call('customers.create', { fullName: 'Later' });
      expect((await shop.call('backups.inspect', { folder: 'data', name: taken.entry.name })).customers).toBe(2);
      await shop.call('backups.restore', { folder: 'data', name: taken.entry.name });
      expect(dump(shop.backend.ctx.sqlite!)).toEqual(atBackup);
    } finally {
      disableWorkersForTest(false);
    }
  });

  it('puts the old file back and opens it again when the restored one will not open', async () => {
    const { shop, customerId } = await someShop();
    // Sound, of this version's lineage, but its next migration fails: the tables it alters are missing.
    const broken = path.join(shop.dir, 'backups', 'manual-2026-11-24T00-00-00-000Z.sqlite');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    const b = new BetterSqlite3(broken);
    b.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
    b.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migrations[0]!.name, 'x');
    b.close();
    const live = dump(shop.backend.ctx.sqlite!);
    const err = await shop.fail('backups.restore', { folder: 'data', name: path.basename(broken) });
    expect(err.code).toBe('INTERNAL');
    expect(dump(shop.backend.ctx.sqlite!)).toEqual(live);
    await shop.call('sales.record', { customerId, amount: 10_000 });
    expect(fs.readdirSync(shop.dir).filter((n) => /^(restoring|replaced)-/.test(n))).toEqual([]);
  });

  it('copies one consistent snapshot while sales are being written, a self-contained file that passes integrity_check', async () => {
    const { shop, customerId } = await someShop();
    const sqlite = shop.backend.ctx.sqlite!;
    // ~24 MB of filler, so sales land while the pages are copied and checked.
    sqlite.exec('CREATE TABLE filler (x BLOB)');
    const insert = sqlite.prepare('INSERT INTO filler VALUES (randomblob(8000))');
    sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run();
    })();
    const salesNow = (): number => sqlite.prepare('SELECT count(*) FROM sales').pluck().get() as number;
    const before = salesNow();
    let copying = true;
    let during = 0;
    const till = (async () => {
      while (copying) {
        await shop.call('sales.record', { customerId, amount: 10_000 });
        during++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const taken = await shop.call('backups.take', {});
    copying = false;
    await till;
    expect(during).toBeGreaterThan(1);

    const file = path.join(shop.dir, 'backups', taken.entry.name);
    // One file: not a WAL database that would want a -wal and -shm beside it.
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual([taken.entry.name]);
    const copy = new BetterSqlite3(file, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      // A snapshot: some of the sales made meanwhile, and the running totals agree with exactly those.
      const copied = copy.prepare('SELECT count(*) FROM sales').pluck().get() as number;
      expect(copied).toBeGreaterThanOrEqual(before);
      expect(copied).toBeLessThanOrEqual(salesNow());
      const stats = copy
        .prepare('SELECT visits, spend FROM customer_stats WHERE customer_id = (SELECT customer_id FROM sales ORDER BY id DESC LIMIT 1)')
        .get();
      const fromSales = copy
        .prepare(
          'SELECT count(*) AS visits, sum(total) AS spend FROM sales WHERE voided_at IS NULL AND customer_id = (SELECT customer_id FROM sales ORDER BY id DESC LIMIT 1)',
        )
        .get();
      expect(stats).toEqual(fromSales);
    } finally {
      copy.close();
    }
  });

  it.runIf(process.platform === 'linux')('copies at a lower priority than the counter, in the worker thread only', async () => {
    const { shop } = await someShop();
    const sqlite = shop.backend.ctx.sqlite!;
    sqlite.exec('CREATE TABLE filler (x BLOB)');
    const insert = sqlite.prepare('INSERT INTO filler VALUES (randomblob(8000))');
    sqlite.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run();
    })();
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the name in parentheses).
    const niceOf = (stat: string): number => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    const seen = new Set<number>();
    const tick = setInterval(() => {
      for (const tid of fs.readdirSync('/proc/self/task')) {
        try {
          seen.add(niceOf(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
        } catch {
          // The thread ended meanwhile.
        }
      }
    }, 1);
    const mainBefore = os.getPriority();
    try {
      await shop.call('backups.take', {});
    } finally {
      clearInterval(tick);
    }
    expect(seen.has(Math.min(19, mainBefore + WORKER_NICE))).toBe(true);
    expect(os.getPriority()).toBe(mainBefore);
  });

  it('lets the event loop run while the copy is made (the counter keeps selling); on the main thread it would not', async () => {
    const { shop } = await someShop();
    // ~24 MB of filler, so the copy takes long enough to see.
    shop.backend.ctx.sqlite!.exec('CREATE TABLE filler (x BLOB)');
    const insert = shop.backend.ctx.sqlite!.prepare('INSERT INTO filler VALUES (randomblob(8000))');
    shop.backend.ctx.sqlite!.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run();
    })();
    // Checkpointed now, or the app's timed checkpoint would copy the filler during the measurement.
    shop.backend.ctx.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const longestStall = async (): Promise<{ stall: number; total: number }> => {
      let last = performance.now();
      let stall = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        stall = Math.max(stall, now - last);
        last = now;
      }, 1);
      const started = performance.now();
      await shop.call('backups.take', {});
      const total = performance.now() - started;
      clearInterval(tick);
      return { stall: Math.max(stall, performance.now() - last), total };
    };
    const worker = await longestStall();
    expect(worker.stall).toBeLessThan(worker.total / 2);
    disableWorkersForTest(true);
    try {
      shop.clock.now = new Date(shop.clock.now.getTime() + 1000);
      const here = await longestStall();
      expect(here.stall).toBeGreaterThan(here.total / 2);
    } finally {
      disableWorkersForTest(false);
    }
  });
});
