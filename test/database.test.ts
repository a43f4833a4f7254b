import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { HARD_LIMIT_FRAMES } from '../src/main/db/checkpointer';
import { DB_FILE_NAME, openDatabase } from '../src/main/db/open';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { oldShopDir } from './fixtures/oldShop';
import { tempDir } from './helpers';

describe('opening the database', () => {
  it('migrates an empty folder and sets the durability pragmas', async () => {
    const dir = tempDir();
    const d = await openDatabase(dir);
    expect(d.migration.applied).toEqual(migrations.map((m) => m.name));
    expect(d.migration.backupFile).toBeNull();
    expect(d.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(d.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(d.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(d.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    // The WAL is checkpointed by a worker (test/checkpointer.test.ts); the app's own only past a high-water mark.
    expect(d.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(HARD_LIMIT_FRAMES);
    const tables = d.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['customers', 'cards', 'sales', 'points_ledger', 'change_log', 'settings', 'customers_fts']),
    );
    await d.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does nothing on a second open', async () => {
    const dir = tempDir();
    await (await openDatabase(dir)).close();
    const again = await openDatabase(dir);
    expect(again.migration).toEqual({ applied: [], backupFile: null });
    await again.close();
  });

  it('backs the file up before running a pending migration, and keeps the data', async () => {
    const dir = tempDir();
    const d = await openDatabase(dir);
    d.sqlite.prepare(`INSERT INTO settings(key, value) VALUES ('shopName', '"Kept"')`).run();
    const extra = {
      name: '9990_test_extra',
      up: async (db: Kysely<any>) => {
        await sql`CREATE TABLE test_extra (x INTEGER) STRICT`.execute(db);
      },
    };
    const report = await migrate(d.db, d.sqlite, dir, [...migrations, extra]);
    expect(report.applied).toEqual(['9990_test_extra']);
    expect(report.backupFile).not.toBeNull();
    expect(path.dirname(report.backupFile!)).toBe(path.join(dir, 'backups'));
    // The backup is a complete database from before the migration.
    const Better = (await import('better-sqlite3')).default;
    const copy = new Better(report.backupFile!, { readonly: true });
    expect(copy.prepare(`SELECT value FROM settings WHERE key='shopName'`).pluck().get()).toBe('"Kept"');
    expect(copy.prepare(`SELECT count(*) FROM sqlite_master WHERE name='test_extra'`).pluck().get()).toBe(0);
    copy.close();
    await d.close();
  });

  it('opens a shop file at the old layout: backs it up first, moves it to compact keys, then compacts it', async () => {
    // A shop the services built at 0095 (test/fixtures/oldShops.generate.ts), opened by this version.
    const dir = oldShopDir('shop-0095.sqlite.gz');
    const Better = (await import('better-sqlite3')).default;
    const before = new Better(path.join(dir, DB_FILE_NAME), { readonly: true });
    const count = (db: typeof before, t: string): number => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    const sales = count(before, 'sales');
    const lots = count(before, 'point_lots');
    const pages = before.pragma('page_count', { simple: true }) as number;
    before.close();
    expect(sales).toBeGreaterThan(150);

    const d = await openDatabase(dir);
    const compact = migrations.findIndex((m) => m.name === '0100_compact_keys');
    expect(d.migration.applied).toEqual(migrations.slice(compact).map((m) => m.name));
    // The backup was taken before 0100 ran: the old layout, whole.
    expect(path.dirname(d.migration.backupFile!)).toBe(path.join(dir, 'backups'));
    expect(path.basename(d.migration.backupFile!)).toContain('before-0100_compact_keys');
    const copy = new Better(d.migration.backupFile!, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare(`SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1`).pluck().get()).toBe('0095_customer_merges');
    expect([count(copy, 'sales'), count(copy, 'point_lots')]).toEqual([sales, lots]);
    copy.close();

    // Migrated and compacted after the commit: no old table, no free page, still WAL, the same rows.
    expect(d.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name GLOB '*_old'`).all()).toEqual([]);
    // The old point_lots went at 0100; 0112's holds what is left of the open lots, keyed by customer.
    expect(d.sqlite.prepare(`SELECT count(*) FROM pragma_table_info('point_lots') WHERE name = 'id'`).pluck().get()).toBe(0);
    expect(d.sqlite.pragma('freelist_count', { simple: true })).toBe(0);
    expect(d.sqlite.pragma('page_count', { simple: true })).toBeLessThan(pages);
    expect(d.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    // The room is given back at once: the file is its compacted size, and the -wal it went through is
    // emptied (what is in it now is the install's binding, written after the migration).
    const file = path.join(dir, DB_FILE_NAME);
    expect(fs.statSync(file).size).toBe(
      (d.sqlite.pragma('page_count', { simple: true }) as number) * (d.sqlite.pragma('page_size', { simple: true }) as number),
    );
    expect(fs.statSync(file + '-wal').size).toBeLessThan(8 * 4096);
    expect(d.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(d.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(count(d.sqlite, 'sales')).toBe(sales);
    expect(count(d.sqlite, 'points_ledger WHERE lot_debt IS NOT NULL')).toBe(lots);
    await d.close();

    // And the next open finds nothing to do.
    const again = await openDatabase(dir);
    expect(again.migration).toEqual({ applied: [], backupFile: null });
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens the migrated file even when compacting it after the commit fails (a full disk)', async () => {
    const dir = tempDir();
    const d = await openDatabase(dir);
    const extra = {
      name: '9990_test_rewrite',
      up: async (db: Kysely<any>) => {
        await sql`CREATE TABLE test_rewrite (x INTEGER) STRICT`.execute(db);
      },
      compactAfter: true,
    };
    // The real connection, except that VACUUM fails the way a full disk makes it fail.
    const full = new Proxy(d.sqlite, {
      get(target, prop) {
        if (prop === 'exec')
          return (s: string) => {
            if (/VACUUM/i.test(s)) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
            return target.exec(s);
          };
        const v: unknown = Reflect.get(target, prop);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const report = await migrate(d.db, full, dir, [...migrations, extra]);
    expect(report.applied).toEqual(['9990_test_rewrite']);
    expect(d.sqlite.prepare(`SELECT count(*) FROM schema_migrations WHERE name = '9990_test_rewrite'`).pluck().get()).toBe(1);
    expect(d.sqlite.prepare(`SELECT count(*) FROM test_rewrite`).pluck().get()).toBe(0);
    await d.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does not migrate when the backup before it cannot be written or fails its check, and leaves no copy', async () => {
    for (const fault of ['full disk', 'damaged copy'] as const) {
      const dir = tempDir();
      const d = await openDatabase(dir);
      d.sqlite.prepare(`INSERT INTO settings(key, value) VALUES ('shopName', '"Kept"')`).run();
      const extra = {
        name: '9990_test_extra',
        up: async (db: Kysely<any>) => {
          await sql`CREATE TABLE test_extra (x INTEGER) STRICT`.execute(db);
        },
      };
      // The real connection, except that its VACUUM INTO fails as on a full disk, or writes a copy damaged on the way.
      const faulty = new Proxy(d.sqlite, {
        get(target, prop) {
          if (prop === 'prepare')
            return (s: string) =>
              s !== 'VACUUM INTO ?'
                ? target.prepare(s)
                : {
                    run(file: string) {
                      if (fault === 'full disk') throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
                      target.prepare(s).run(file);
                      const fd = fs.openSync(file, 'r+');
                      fs.writeSync(fd, Buffer.alloc(4096 * 2, 0x5a), 0, 4096 * 2, 4096);
                      fs.closeSync(fd);
                    },
                  };
          const v: unknown = Reflect.get(target, prop);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      const err = await migrate(d.db, faulty, dir, [...migrations, extra]).catch((e: unknown) => e);
      expect(err, fault).toMatchObject({ code: 'BACKUP_FAILED' });
      expect(d.sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'test_extra'`).pluck().get(), fault).toBe(0);
      expect(d.sqlite.prepare(`SELECT count(*) FROM schema_migrations WHERE name = '9990_test_extra'`).pluck().get()).toBe(0);
      expect(fs.readdirSync(path.join(dir, 'backups')), fault).toEqual([]);
      // With room on the disk again, the next open backs up and migrates.
      const report = await migrate(d.db, d.sqlite, dir, [...migrations, extra]);
      expect(report.applied).toEqual(['9990_test_extra']);
      expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([path.basename(report.backupFile!)]);
      await d.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rolls a failing migration back completely', async () => {
    const dir = tempDir();
    const d = await openDatabase(dir);
    const broken = {
      name: '9991_broken',
      up: async (db: Kysely<any>) => {
        await sql`CREATE TABLE half_done (x INTEGER)`.execute(db);
        await sql`THIS IS NOT SQL`.execute(db);
      },
    };
    await expect(migrate(d.db, d.sqlite, dir, [...migrations, broken])).rejects.toThrow();
    expect(d.sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name='half_done'`).pluck().get()).toBe(0);
    expect(d.sqlite.prepare(`SELECT count(*) FROM schema_migrations WHERE name='9991_broken'`).pluck().get()).toBe(0);
    await d.close();
  });

  it('refuses a database written by a newer app, with a clear message', async () => {
    const dir = tempDir();
    const d = await openDatabase(dir);
    d.sqlite.prepare(`INSERT INTO schema_migrations(name, applied_at) VALUES ('9999_from_the_future', '2030-01-01')`).run();
    await d.close();
    await expect(openDatabase(dir)).rejects.toMatchObject({
      code: 'DATABASE_TOO_NEW',
      message: expect.stringContaining('newer version of Regulars'),
    });
  });
});
