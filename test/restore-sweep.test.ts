/**
 * A restore cut short (restore.ts: copy, check, pre-restore backup, swap, reopen) leaves files in
 * the data folder; the next open deals with them (sweep.ts). Each test lays out, on real files, what
 * one crash point leaves, opens the backend, and checks the shop's data, the leftovers, and that
 * nothing else in the folder changed.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { openBackend, type Backend } from '../src/main/backend';
import { DB_FILE_NAME } from '../src/main/db/open';
import type { Method, MethodInput, MethodOutput } from '../src/shared/contract';
import { tempDir } from './helpers';

const dirs: string[] = [];
const backends: Backend[] = [];
afterEach(async () => {
  while (backends.length) await backends.pop()!.close();
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

async function call<M extends Method>(b: Backend, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await dispatch(b.ctx, method, input);
  if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.value as never;
}

/** A process that has ended: its pid stamps leftovers of a restore nobody is running. */
const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
const stamp = (ms = 1_764_000_000_000): string => `${deadPid}-${ms}`;

interface Layout {
  dir: string;
  live: string;
  /** The manual backup: one customer. */
  backup: string;
  /** A copy of the live file as it was closed: two customers. */
  oldShop: string;
}

/** A closed shop with one customer in a manual backup and a second only in the live file. */
async function layout(): Promise<Layout> {
  const dir = tempDir('regulars-sweep-');
  dirs.push(dir);
  const b = await openBackend(dir, { now: () => new Date('2026-11-25T03:00:00Z') });
  await call(b, 'settings.update', {
    shopName: 'Tiệm',
    currency: 'VND',
    locale: 'vi',
    timeZone: 'Asia/Ho_Chi_Minh',
    pointsRule: { every: 10_000, points: 1 },
  });
  await call(b, 'customers.create', { fullName: 'Ngô Bảo Châu' });
  const taken = await call(b, 'backups.take', {});
  await call(b, 'customers.create', { fullName: '陳美玲' });
  await b.close();
  const live = path.join(dir, DB_FILE_NAME);
  const oldShop = path.join(tempDir('regulars-sweep-old-'), 'old.sqlite');
  dirs.push(path.dirname(oldShop));
  fs.copyFileSync(live, oldShop);
  // Things the sweep must leave alone.
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'sổ tay');
  fs.writeFileSync(path.join(dir, 'restoring-notes.sqlite'), 'not a leftover');
  return { dir, live, backup: path.join(dir, 'backups', taken.entry.name), oldShop };
}

/** Every file but the live one and its side files, with a hash of its bytes. */
function others(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.startsWith(DB_FILE_NAME))
        out.set(path.relative(dir, p), crypto.createHash('sha1').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

async function open(dir: string): Promise<Backend> {
  const b = await openBackend(dir, { now: () => new Date('2026-11-27T03:00:00Z') });
  backends.push(b);
  return b;
}

const customers = (b: Backend): number => b.ctx.sqlite!.prepare('SELECT count(*) FROM customers').pluck().get() as number;
const customersIn = (file: string): number => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  } finally {
    db.close();
  }
};
const preRestores = (dir: string): string[] => fs.readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('pre-restore-'));

/** What changed among the other files: [gone, added or changed]. */
function diff(before: Map<string, string>, after: Map<string, string>): [string[], string[]] {
  return [[...before.keys()].filter((k) => !after.has(k)).sort(), [...after.keys()].filter((k) => before.get(k) !== after.get(k)).sort()];
}

describe('opening after a restore cut short', () => {
  it('copy of the backup cut short (or done, before the swap): the partial or whole copy goes, the shop is untouched', async () => {
    const l = await layout();
    const bytes = fs.readFileSync(l.backup);
    fs.writeFileSync(path.join(l.dir, `restoring-${stamp(1)}.sqlite`), ''); // made private, nothing copied yet
    fs.writeFileSync(path.join(l.dir, `restoring-${stamp(2)}.sqlite`), bytes.subarray(0, 4096 + 100));
    fs.writeFileSync(path.join(l.dir, `restoring-${stamp(3)}.sqlite`), bytes);
    const before = others(l.dir);

    const b = await open(l.dir);
    expect(customers(b)).toBe(2);
    const [gone, changed] = diff(before, others(l.dir));
    expect(gone).toEqual([1, 2, 3].map((i) => `restoring-${stamp(i)}.sqlite`));
    expect(changed).toEqual([]);
  });

  it('old file linked aside, swap not done: the second name goes, the live file stays the shop', async () => {
    const l = await layout();
    fs.copyFileSync(l.backup, path.join(l.dir, `restoring-${stamp()}.sqlite`));
    fs.linkSync(l.live, path.join(l.dir, `replaced-${stamp()}.sqlite`));
    const before = others(l.dir);

    const b = await open(l.dir);
    expect(customers(b)).toBe(2);
    expect(fs.statSync(l.live).nlink).toBe(1);
    const [gone, changed] = diff(before, others(l.dir));
    expect(gone).toEqual([`replaced-${stamp()}.sqlite`, `restoring-${stamp()}.sqlite`]);
    expect(changed).toEqual([]);
  });

  it('old file and its -wal moved aside, swap not done: the -wal goes back, no committed sale is lost', async () => {
    const l = await layout();
    // A live file with committed work only in its -wal (another process had it open at the swap).
    const b0 = await open(l.dir);
    b0.ctx.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    b0.ctx.sqlite!.pragma('wal_autocheckpoint = 0');
    await call(b0, 'customers.create', { fullName: 'Lê Văn Tám' });
    const snap = tempDir('regulars-sweep-snap-');
    dirs.push(snap);
    fs.copyFileSync(l.live, path.join(snap, 'db'));
    fs.copyFileSync(`${l.live}-wal`, path.join(snap, 'wal'));
    await backends.pop()!.close();
    fs.copyFileSync(path.join(snap, 'db'), l.live);
    expect(customersIn(path.join(snap, 'db'))).toBe(2); // the third customer is only in the -wal
    fs.copyFileSync(path.join(snap, 'wal'), path.join(l.dir, `replaced-${stamp()}.sqlite-wal`));
    fs.linkSync(l.live, path.join(l.dir, `replaced-${stamp()}.sqlite`));
    fs.copyFileSync(l.backup, path.join(l.dir, `restoring-${stamp()}.sqlite`));
    const before = others(l.dir);

    const b = await open(l.dir);
    expect(customers(b)).toBe(3);
    const [gone, changed] = diff(before, others(l.dir));
    expect(gone).toEqual([`replaced-${stamp()}.sqlite`, `replaced-${stamp()}.sqlite-wal`, `restoring-${stamp()}.sqlite`]);
    expect(changed).toEqual([]);
  });

  it('undo cut short after the old file went back, before its -wal: the -wal goes back to it', async () => {
    const l = await layout();
    const b0 = await open(l.dir);
    b0.ctx.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    b0.ctx.sqlite!.pragma('wal_autocheckpoint = 0');
    await call(b0, 'customers.create', { fullName: 'Lê Văn Tám' });
    const snap = tempDir('regulars-sweep-snap-');
    dirs.push(snap);
    fs.copyFileSync(l.live, path.join(snap, 'db'));
    fs.copyFileSync(`${l.live}-wal`, path.join(snap, 'wal'));
    await backends.pop()!.close();
    fs.copyFileSync(path.join(snap, 'db'), l.live);
    fs.copyFileSync(path.join(snap, 'wal'), path.join(l.dir, `replaced-${stamp()}.sqlite-wal`));
    fs.writeFileSync(path.join(l.dir, `replaced-${stamp()}.sqlite-shm`), Buffer.alloc(32_768));
    const before = others(l.dir);

    const b = await open(l.dir);
    expect(customers(b)).toBe(3);
    const [gone, changed] = diff(before, others(l.dir));
    expect(gone).toEqual([`replaced-${stamp()}.sqlite-shm`, `replaced-${stamp()}.sqlite-wal`]);
    expect(changed).toEqual([]);
  });

  it('swap done, reopening cut short: the restored file is the shop, the old one becomes a pre-restore backup', async () => {
    const l = await layout();
    const aside = path.join(l.dir, `replaced-${stamp()}.sqlite`);
    fs.linkSync(l.live, aside);
    fs.copyFileSync(l.backup, path.join(l.dir, 'candidate'));
    fs.renameSync(path.join(l.dir, 'candidate'), l.live);
    // From mtimeMs as the sweep reads it: Node's `mtime` Date rounds the fraction of a millisecond,
    // `new Date(mtimeMs)` drops it, so the two differ by 1 ms about half the time.
    const lastWrite = new Date(fs.statSync(aside).mtimeMs);
    const before = others(l.dir);

    const b = await open(l.dir);
    expect(customers(b)).toBe(1);
    const kept = preRestores(l.dir);
    expect(kept).toEqual([`pre-restore-${lastWrite.toISOString().replace(/[:.]/g, '-')}.sqlite`]);
    const [gone, changed] = diff(before, others(l.dir));
    expect(gone).toEqual([`replaced-${stamp()}.sqlite`]);
    expect(changed).toEqual([`backups/${kept[0]}`]);
    expect(customersIn(path.join(l.dir, 'backups', kept[0]!))).toBe(2);
    expect((await call(b, 'backups.list', {})).entries.map((e) => e.name)).toContain(kept[0]);
  });

  it('no live file but the old one aside: it is put back, and the shop opens as before the restore', async () => {
    const l = await layout();
    fs.renameSync(l.live, path.join(l.dir, `replaced-${stamp()}.sqlite`));
    fs.copyFileSync(l.backup, path.join(l.dir, `restoring-${stamp()}.sqlite`));
    const before = others(l.dir);

    const b = await open(l.dir);
    expect(customers(b)).toBe(2);
    expect(preRestores(l.dir)).toEqual([]);
    const [gone, changed] = diff(before, others(l.dir));
    expect(gone).toEqual([`replaced-${stamp()}.sqlite`, `restoring-${stamp()}.sqlite`]);
    expect(changed).toEqual([]);
  });

  it('leaves alone a damaged leftover, and those of a restore still running (a live pid)', async () => {
    const l = await layout();
    fs.writeFileSync(path.join(l.dir, `replaced-${stamp()}.sqlite`), 'SQLite format 3\0 and then nothing sensible');
    fs.copyFileSync(l.oldShop, path.join(l.dir, `replaced-${process.pid}-5.sqlite`));
    fs.writeFileSync(path.join(l.dir, `restoring-${process.pid}-5.sqlite`), '');
    const before = others(l.dir);

    const b = await open(l.dir);
    expect(customers(b)).toBe(2);
    expect(diff(before, others(l.dir))).toEqual([[], []]);
  });
});
