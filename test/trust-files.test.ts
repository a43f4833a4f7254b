/**
 * Other local users may not read the shop: on real files, the data folder and backups/ are
 * 0700 and the database, its WAL, its shared memory and its backups 0600, whether new or left
 * readable by an older version. And an empty or relative XDG_CONFIG_HOME never puts the shop
 * in the current folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { DB_FILE_NAME, openDatabase } from '../src/main/db/open';
import { defaultDataDir } from '../src/main/paths';
import { openShop, tempDir } from './helpers';

const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';

describe.runIf(posix)('file modes of the shop', () => {
  it('creates the folder 0700 and the database, WAL and shared memory 0600, even under a lax umask', async () => {
    const old = process.umask(0o022);
    try {
      const dir = path.join(tempDir(), 'shop', 'Regulars');
      const shop = await openShop({ dir });
      const c = await shop.call('customers.create', { fullName: 'Lê Thị Hoa', phone: '0901 234 567' });
      await shop.call('sales.record', { customerId: c.id, amount: 20_000 });
      const file = path.join(dir, DB_FILE_NAME);
      expect(mode(dir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(fs.existsSync(file + '-wal')).toBe(true);
      expect(mode(file + '-wal')).toBe(0o600);
      expect(mode(file + '-shm')).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('makes a folder, database and backups an older version left readable private at open', async () => {
    const dir = tempDir();
    const first = await openDatabase(dir);
    first.sqlite.prepare(`INSERT INTO settings(key, value) VALUES ('shopName', '"Kept"')`).run();
    await first.close();
    const file = path.join(dir, DB_FILE_NAME);
    fs.mkdirSync(path.join(dir, 'backups'));
    fs.copyFileSync(file, path.join(dir, 'backups', 'old.sqlite'));
    fs.writeFileSync(file + '-wal', '');
    for (const [p, m] of [
      [dir, 0o755],
      [path.join(dir, 'backups'), 0o755],
      [path.join(dir, 'backups', 'old.sqlite'), 0o644],
      [file, 0o644],
      [file + '-wal', 0o644],
    ] as const)
      fs.chmodSync(p, m);
    const again = await openDatabase(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(file + '-wal')).toBe(0o600);
    expect(mode(path.join(dir, 'backups'))).toBe(0o700);
    expect(mode(path.join(dir, 'backups', 'old.sqlite'))).toBe(0o600);
    expect(again.sqlite.prepare(`SELECT value FROM settings WHERE key='shopName'`).pluck().get()).toBe('"Kept"');
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the backup before a migration 0600 in a 0700 backups folder', async () => {
    const old = process.umask(0o022);
    const dir = tempDir();
    try {
      const d = await openDatabase(dir);
      const extra = {
        name: '9990_test_extra',
        up: async (db: Kysely<any>) => {
          await sql`CREATE TABLE test_extra (x INTEGER) STRICT`.execute(db);
        },
      };
      const report = await migrate(d.db, d.sqlite, dir, [...migrations, extra]);
      expect(report.backupFile).not.toBeNull();
      expect(mode(path.join(dir, 'backups'))).toBe(0o700);
      expect(mode(report.backupFile!)).toBe(0o600);
      expect(fs.statSync(report.backupFile!).size).toBeGreaterThan(0);
      await d.close();
    } finally {
      process.umask(old);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the default data folder', () => {
  const home = os.homedir();

  it('ignores an empty or relative XDG_CONFIG_HOME (XDG: relative is invalid)', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(path.join(home, '.config', 'Regulars'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'conf' }, 'linux')).toBe(path.join(home, '.config', 'Regulars'));
    expect(defaultDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Regulars'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/srv/conf' }, 'linux')).toBe(path.join('/srv/conf', 'Regulars'));
    expect(defaultDataDir({ APPDATA: '' }, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'Regulars'));
  });

  it.runIf(process.platform === 'linux')('never puts the shop file in the current folder (the command line, on real files)', () => {
    const fakeHome = tempDir();
    const cwd = tempDir();
    const root = path.resolve(__dirname, '..');
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, 'bin/regulars.mjs'),
        'init',
        '--shop',
        'Tiệm Hoa',
        '--currency',
        'VND',
        '--locale',
        'vi',
        '--time-zone',
        'Asia/Ho_Chi_Minh',
      ],
      { cwd, encoding: 'utf8', env: { ...process.env, HOME: fakeHome, XDG_CONFIG_HOME: '', REGULARS_DATA_DIR: '' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readdirSync(cwd)).toEqual([]);
    expect(fs.existsSync(path.join(fakeHome, '.config', 'Regulars', DB_FILE_NAME))).toBe(true);
    expect(mode(path.join(fakeHome, '.config', 'Regulars'))).toBe(0o700);
    fs.rmSync(fakeHome, { recursive: true, force: true });
    fs.rmSync(cwd, { recursive: true, force: true });
  });
});
