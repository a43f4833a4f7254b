/** `regulars backup` through the real command line, on a real file, while the shop has it open. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkCopy } from '../src/main/db/backup';
import { DB_FILE_NAME } from '../src/main/db/open';
import { openShop, tempDir } from './helpers';

const root = path.resolve(__dirname, '..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/regulars.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REGULARS_DATA_DIR: '' },
  });

const posix = process.platform !== 'win32';

describe('backup command', () => {
  it('writes a checked, private, complete copy to backups/ while the shop is open, and to --to', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Ngô Bảo Châu', phone: '0903 111 222' });
    await shop.call('cards.issue', { customerId: c.id });
    await shop.call('sales.record', { customerId: c.id, amount: 120_000 });

    const r = cli('backup', '--data-dir', shop.dir);
    expect(r.stderr).not.toMatch(/^regulars:/m);
    expect(r.status).toBe(0);
    const file = /^Backup written: (.+)$/m.exec(r.stdout)![1]!;
    expect(path.dirname(file)).toBe(path.join(shop.dir, 'backups'));
    expect(path.basename(file)).toMatch(/^manual-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.sqlite$/);
    expect(r.stdout).toContain(`(${fs.statSync(file).size} bytes)`);
    expect(r.stdout).toMatch(/quick_check ok/);
    if (posix) {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    }
    // The copy holds what the open shop had committed.
    const copy = new BetterSqlite3(file, { readonly: true });
    const counts = (db: BetterSqlite3.Database) =>
      ['customers', 'cards', 'sales', 'points_ledger', 'change_log', 'installs'].map(
        (t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
      );
    expect(counts(copy)).toEqual(counts(shop.backend.ctx.sqlite!));
    copy.close();

    // The shop kept working meanwhile, and --to puts the copy elsewhere.
    await shop.call('sales.record', { customerId: c.id, amount: 30_000 });
    const elsewhere = path.join(tempDir(), 'usb', 'regulars');
    const again = cli('backup', '--data-dir', shop.dir, '--to', elsewhere);
    expect(again.status).toBe(0);
    const second = /^Backup written: (.+)$/m.exec(again.stdout)![1]!;
    expect(path.dirname(second)).toBe(elsewhere);
    expect(checkCopy(second)).toBe('ok');
  });

  it('says so when there is no shop in the folder, and finds a damaged copy', () => {
    const empty = tempDir();
    const r = cli('backup', '--data-dir', empty);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/No shop data/);
    expect(fs.existsSync(path.join(empty, DB_FILE_NAME))).toBe(false);
    const bad = path.join(empty, 'bad.sqlite');
    fs.writeFileSync(bad, 'SQLite format 3\0' + 'x'.repeat(5000));
    expect(checkCopy(bad)).not.toBe('ok');
  });

  it('restore: refused while the shop is open, then puts the backup in place after a copy of the shop as it was', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Trần Thị Hoa' });
    await shop.call('sales.record', { customerId: c.id, amount: 50_000 });
    const taken = await shop.call('backups.take', {});
    await shop.call('sales.record', { customerId: c.id, amount: 70_000 });
    const file = path.join(shop.dir, 'backups', taken.entry.name);

    const busy = cli('restore', file, '--data-dir', shop.dir);
    expect(busy.status).toBe(3);
    expect(busy.stderr).toMatch(/the shop is open in Regulars/);
    expect(fs.readdirSync(path.join(shop.dir, 'backups')).filter((n) => n.startsWith('pre-restore-'))).toEqual([]);

    await shop.backend.close();
    const r = cli('restore', file, '--data-dir', shop.dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/1 customers, 1 purchases/);
    const before = /^The shop as it was: (.+)$/m.exec(r.stdout)![1]!;
    const sales = (f: string) => {
      const db = new BetterSqlite3(f, { readonly: true });
      const n = db.prepare('SELECT count(*) FROM sales').pluck().get();
      db.close();
      return n;
    };
    expect(sales(before)).toBe(2);
    expect(sales(path.join(shop.dir, DB_FILE_NAME))).toBe(1);
    if (posix) expect(fs.statSync(path.join(shop.dir, DB_FILE_NAME)).mode & 0o777).toBe(0o600);

    // A file from a newer version is refused, and the shop's file left as it is.
    const newer = path.join(tempDir(), 'newer.sqlite');
    fs.copyFileSync(file, newer);
    const n = new BetterSqlite3(newer);
    n.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_from_the_future', 'x')").run();
    n.close();
    const refused = cli('restore', newer, '--data-dir', shop.dir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/newer version of Regulars/);
    expect(sales(path.join(shop.dir, DB_FILE_NAME))).toBe(1);
  });
});
