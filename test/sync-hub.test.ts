/**
 * Sync through the chain's hub (a real PostgreSQL server, test/pgServer.ts) between three real shop
 * files: the same history synced through a folder and, on twins of the same tills, through the hub
 * in other random orders ends with the same business rows, balances and analysis counts; replaying
 * changes nothing; a feed damaged in the hub is refused whole; and the `hub` command, with its
 * errors for a server that is down, a wrong password, a role without rights and a bad URL, never
 * printing the password.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/main/cli/index';
import { DB_FILE_NAME } from '../src/main/db/open';
import { FolderStore } from '../src/main/sync/folderStore';
import { HubStore } from '../src/main/sync/hubStore';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import type { FeedStore } from '../src/main/sync/feedFile';
import { openShop, tempDir, type TestShop } from './helpers';
import { postgresMissing, startPostgres, type PgServer } from './pgServer';
import { analysisDigest, copyOf, digest, edit, twin } from './syncTills';

const POINTS_VALUE = { pointsValue: { points: 10, value: 1_000 } };

/** A seeded shuffle, so a failing order can be replayed from the seed in the test's name. */
function shuffler(seed: number) {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    int: (n: number): number => Math.floor(next() * n),
    shuffle<T>(xs: T[]): T[] {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

const syncVia = (shop: TestShop, store: FeedStore): Promise<SyncReport> => syncWith(shop.backend.ctx.db, store, shop.backend.ctx.now);

/**
 * Three tills (B and C copies of A) with concurrent changes of every kind sync carries: new
 * customers, purchases, voids, points given and spent, profile and consent edits, a card blocked.
 * Returns the three closed data folders.
 */
async function threeTillsWithChanges(): Promise<string[]> {
  let a = await openShop({ settings: POINTS_VALUE });
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  const xCard = await a.call('cards.issue', { customerId: x.id });
  const s0 = await a.call('sales.record', { customerId: x.id, amount: 120_000 });
  await a.call('points.adjust', { customerId: x.id, points: 300, reason: 'opening balance' });
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b), now: '2026-11-25T03:00:00Z' });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });

  a.clock.now = new Date('2026-11-25T04:00:00Z');
  const ya = await a.call('customers.create', { fullName: 'Trần Văn Bình', area: 'Quận 1' });
  await a.call('sales.record', { customerId: ya.id, amount: 250_000 });
  const mistake = await a.call('sales.record', { customerId: x.id, amount: 990_000 });
  await a.call('sales.void', { saleId: mistake.sale.id, reason: 'wrong amount' });
  await a.call('sales.record', { customerId: x.id, amount: 200_000, redeemPoints: 100 });
  await edit(a, x.id, { fullName: 'Nguyễn Thị Ánh (A)', notes: 'likes iced coffee' });
  await edit(a, x.id, { consent: { marketing: true, date: '2026-11-25', source: 'counter' } });

  b.clock.now = new Date('2026-11-25T04:05:00Z');
  const yb = await b.call('customers.create', { fullName: '王芳', phone: '+886 912 345 678' });
  await b.call('cards.issue', { customerId: yb.id });
  await b.call('sales.record', { customerId: x.id, amount: 80_000, redeemPoints: 150 });
  await b.call('sales.void', { saleId: s0.sale.id, reason: 'refund' });
  await edit(b, x.id, { area: 'Quận 3' });
  b.clock.now = new Date('2026-11-25T04:20:00Z');
  await edit(b, x.id, { fullName: 'Nguyễn Thị Ánh (B)', consent: { marketing: false, date: null, source: null } });
  await b.call('points.adjust', { customerId: yb.id, points: 40, reason: 'welcome' });

  c.clock.now = new Date('2026-11-25T04:10:00Z');
  await c.call('cards.setStatus', { cardId: xCard.id, status: 'blocked', reason: 'stolen' });
  await c.call('sales.record', { customerId: x.id, amount: 45_000 });
  const yc = await c.call('customers.create', { fullName: 'Lê Hoàng Long', email: 'long@example.vn' });
  await c.call('sales.record', { customerId: yc.id, amount: 310_000 });
  await edit(c, x.id, { notes: 'allergic to peanuts' });

  const dirs = [a.dir, b.dir, c.dir];
  for (const s of [a, b, c]) await s.backend.close();
  return dirs;
}

/** Syncs the tills in a random order: a random start, then two full rounds in random orders (enough for everyone to have everything). */
async function syncInRandomOrder(tills: TestShop[], store: () => FeedStore, seed: number): Promise<void> {
  const r = shuffler(seed);
  const steps = r.int(5);
  for (let i = 0; i < steps; i++) await syncVia(tills[r.int(tills.length)]!, store());
  for (let round = 0; round < 2; round++) for (const t of r.shuffle(tills)) await syncVia(t, store());
}

describe.skipIf(postgresMissing())('sync through the chain’s PostgreSQL hub', () => {
  let server: PgServer;
  let n = 0;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.stop());

  const admin = async <T>(f: (c: pg.Client) => Promise<T>, url = server.url): Promise<T> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await f(c);
    } finally {
      await c.end();
    }
  };

  /** A fresh database per hub, as each chain has its own. */
  async function freshHub(owner?: string): Promise<string> {
    const name = `hub_${process.pid}_${++n}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}${owner ? ` OWNER ${owner}` : ''}`));
    return server.url.replace(/\/postgres$/, `/${name}`);
  }

  it('three tills with concurrent changes end the same through the hub as through a folder, in any order; replaying changes nothing', async () => {
    const dirs = await threeTillsWithChanges();
    const worlds: { name: string; tills: TestShop[]; store: () => FeedStore; close: () => Promise<void> }[] = [];
    const folder = tempDir('regulars-sync-');
    worlds.push({
      name: 'folder',
      tills: await Promise.all(dirs.map((d) => openShop({ dir: twin(d) }))),
      store: () => new FolderStore(folder),
      close: async () => undefined,
    });
    for (const seed of [2, 3]) {
      const hub = await HubStore.open(await freshHub());
      worlds.push({
        name: `hub (order ${seed})`,
        tills: await Promise.all(dirs.map((d) => openShop({ dir: twin(d) }))),
        store: () => hub,
        close: () => hub.close(),
      });
    }
    // Twins are the same installs, not copies: the same ids on every side.
    const ids = worlds.map((w) => w.tills.map((t) => t.backend.database.install.id));
    expect(new Set(ids.map((i) => i.join()))).toHaveProperty('size', 1);
    expect(new Set(ids[0])).toHaveProperty('size', 3);

    for (const [i, w] of worlds.entries()) await syncInRandomOrder(w.tills, w.store, i + 1);

    const at = '2026-11-30T12:00:00Z';
    const reference = await digest(worlds[0]!.tills[0]!);
    const analysis = await analysisDigest(worlds[0]!.tills[0]!, at);
    expect(reference.sales.length).toBe(7);
    for (const w of worlds)
      for (const t of w.tills) {
        expect(await digest(t), w.name).toEqual(reference);
        expect(await analysisDigest(t, at), w.name).toEqual(analysis);
      }

    // Through the hub again: nothing new either way. Then every feed replayed from the start: no row changes.
    for (const w of worlds.slice(1)) {
      for (const t of w.tills) {
        const again = await syncVia(t, w.store());
        expect(again.exported.seq).toBeNull();
        expect(again.applied).toEqual([]);
        await t.backend.ctx.db.deleteFrom('sync_peers').execute();
        const replay = await syncVia(t, w.store());
        expect(replay.applied).toHaveLength(2);
        for (const r of replay.applied) expect(r).toMatchObject({ customers: 0, cards: 0, sales: 0, voids: 0, points: 0 });
        expect(replay.problems).toEqual([]);
        expect(await digest(t)).toEqual(reference);
      }
      await w.close();
    }
  });

  it('refuses a feed damaged in the hub: nothing of it applied, the rest taken once it is whole', async () => {
    const [aDir, bDir] = await threeTillsWithChanges();
    const url = await freshHub();
    const hub = await HubStore.open(url);
    const a = await openShop({ dir: aDir! });
    const b = await openShop({ dir: bDir! });
    const sent = await syncVia(b, hub);
    expect(sent.exported.seq).toBe(1);
    const before = await digest(a);
    const bId = b.backend.database.install.id;
    const original = await admin((c) => c.query<{ file: Buffer }>('SELECT file FROM regulars_feeds WHERE install = $1', [bId]), url);
    const whole = original.rows[0]!.file;

    const damaged = Buffer.from(whole);
    damaged[Math.floor(damaged.length * 0.7)] ^= 0x01;
    const put = (file: Buffer) => admin((c) => c.query('UPDATE regulars_feeds SET file = $2 WHERE install = $1', [bId, file]), url);
    await put(damaged);
    let r = await syncVia(a, hub);
    expect(r.problems).toEqual([expect.objectContaining({ install: bId, seq: 1, kind: 'checksum' })]);
    expect(r.applied).toEqual([]);
    expect(await digest(a)).toEqual(before);

    await put(whole.subarray(0, Math.floor(whole.length / 2)));
    r = await syncVia(a, hub);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'truncated' })]);
    expect(await digest(a)).toEqual(before);

    // Another install's feed stored under B's name: refused, not applied as B's.
    const aFeed = await admin(
      (c) => c.query<{ file: Buffer }>('SELECT file FROM regulars_feeds WHERE install = $1', [a.backend.database.install.id]),
      url,
    );
    await put(aFeed.rows[0]!.file);
    r = await syncVia(a, hub);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'misplaced' })]);
    expect(await digest(a)).toEqual(before);

    await put(whole);
    r = await syncVia(a, hub);
    expect(r.problems).toEqual([]);
    expect(r.applied).toEqual([expect.objectContaining({ install: bId, seq: 1 })]);
    await syncVia(b, hub);
    expect(await digest(a)).toEqual(await digest(b));
    await hub.close();
  });

  describe('the hub command', () => {
    const lines: string[] = [];
    const out = (s: string): void => void lines.push(s);

    async function twoShops(): Promise<[string, string]> {
      const a = await openShop();
      await a.call('customers.create', { fullName: 'Hoàng Lan' });
      const b = await openShop({ dir: await copyOf(a) });
      await b.call('customers.create', { fullName: 'Đỗ Quang Huy' });
      await b.backend.close();
      return [a.dir, b.dir];
    }

    it('syncs two shops through the hub as a role that owns one database, and says what it did', async () => {
      await admin((c) => c.query(`CREATE ROLE branch_${process.pid} LOGIN PASSWORD 'Mật khẩu/đúng@1'`));
      const db = await freshHub(`branch_${process.pid}`);
      const url = db.replace('postgres://regulars@', `postgres://branch_${process.pid}:${encodeURIComponent('Mật khẩu/đúng@1')}@`);
      const [aDir, bDir] = await twoShops();
      lines.length = 0;
      expect(await run(['hub', '--data-dir', bDir, '--postgres', url], out)).toBe(0);
      expect(lines.join('\n')).toMatch(/Sent feed 1: 2 customers, 0 cards, 0 purchases/);
      lines.length = 0;
      expect(await run(['hub', '--data-dir', aDir, '--postgres', url, '--json'], out)).toBe(0);
      const report = JSON.parse(lines[0]!) as SyncReport;
      expect(report.exported.seq).toBe(1);
      expect(report.applied).toEqual([expect.objectContaining({ seq: 1, customers: 1 })]);
      // The URL can come from the environment instead (kept out of the process list and shell history).
      process.env.REGULARS_HUB_URL = url;
      try {
        lines.length = 0;
        expect(await run(['hub', '--data-dir', bDir], out)).toBe(0);
        expect(lines.join('\n')).toMatch(/Received feed 1 of till/);
      } finally {
        delete process.env.REGULARS_HUB_URL;
      }
      // The hub holds feed files, nothing else of the shops.
      const tables = await admin(
        (c) => c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"),
        db,
      );
      expect(tables.rows.map((r) => r.t)).toEqual(['regulars_feeds', 'regulars_hub_migrations']);
    });

    it('says clearly when the server is down, the password is wrong, the role has no rights or the URL is not one, never printing the password', async () => {
      const [dir] = await twoShops();
      const before = fs.statSync(path.join(dir, DB_FILE_NAME)).mtimeMs;
      const secret = 'Sai-mật-khẩu-42';
      const fail = async (url: string): Promise<string> => {
        const e = await run(['hub', '--data-dir', dir, '--postgres', url], out).then(
          () => null,
          (x: unknown) => x as Error,
        );
        expect(e).not.toBeNull();
        expect(e!.message).not.toContain(secret);
        expect(e!.message).not.toContain(encodeURIComponent(secret));
        return e!.message;
      };
      const port = Number(new URL(server.url).port);
      // A port nothing listens on (just freed).
      const closed = await new Promise<number>((resolve) => {
        const s = net.createServer();
        s.once('error', () => resolve(0));
        s.listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      expect(await fail(`postgres://branch:${secret}@127.0.0.1:${closed}/hub`)).toMatch(
        new RegExp(`Cannot reach the hub at 127.0.0.1:${closed} .*Nothing was sent or applied`),
      );
      await admin((c) => c.query(`CREATE ROLE clerk_${process.pid} LOGIN PASSWORD 'the-right-one'`));
      const wrong = `postgres://clerk_${process.pid}:${encodeURIComponent(secret)}@127.0.0.1:${port}/postgres`;
      expect(await fail(wrong)).toMatch(new RegExp(`refused role clerk_${process.pid} .*password`));
      // The right password, but a database the role does not own: it may not create the hub's tables there.
      const other = await freshHub();
      const noRights = other.replace('postgres://regulars@', `postgres://clerk_${process.pid}:the-right-one@`);
      expect(await fail(noRights)).toMatch(/may not create or use the hub's tables .*owner/);
      const missing = `postgres://clerk_${process.pid}:${secret}@127.0.0.1:${port}/no_such_db`;
      expect(await fail(missing)).toMatch(/refused role|has no database no_such_db/);
      await expect(run(['hub', '--data-dir', dir, '--postgres', `mysql://root:${secret}@db/shop`], out)).rejects.toThrow(
        /not a PostgreSQL connection URL/,
      );
      await expect(run(['hub', '--data-dir', dir, '--postgres', `${secret} not a url`], out)).rejects.toSatisfy(
        (e: Error) => /not a PostgreSQL connection URL/.test(e.message) && !e.message.includes(secret),
      );
      await expect(run(['hub', '--data-dir', dir], out)).rejects.toThrow(/--postgres/);
      // None of it touched the shop file: the hub is reached before the shop is opened.
      expect(fs.statSync(path.join(dir, DB_FILE_NAME)).mtimeMs).toBe(before);
    });

    it('refuses a hub set up by a newer version of Regulars, changing nothing', async () => {
      const url = await freshHub();
      await (await HubStore.open(url)).close();
      await admin((c) => c.query('INSERT INTO regulars_hub_migrations (version) VALUES (99)'), url);
      const [dir] = await twoShops();
      await expect(run(['hub', '--data-dir', dir, '--postgres', url], out)).rejects.toThrow(
        /newer version of Regulars .*update this install/,
      );
      const feeds = await admin((c) => c.query('SELECT count(*)::int AS n FROM regulars_feeds'), url);
      expect(feeds.rows[0]).toEqual({ n: 0 });
    });

    it('exits 1 on a server that is down, from the real command line, without the password in its output', () => {
      const secret = 'ẩn-mật-khẩu';
      const r = spawnSync(
        process.execPath,
        [
          path.join(__dirname, '..', 'bin/regulars.mjs'),
          'hub',
          '--data-dir',
          tempDir(),
          '--postgres',
          `postgres://b:${secret}@127.0.0.1:1/hub`,
        ],
        { encoding: 'utf8', env: { ...process.env, REGULARS_DATA_DIR: '' } },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/Cannot reach the hub at 127.0.0.1:1/);
      expect(r.stderr + r.stdout).not.toContain(secret);
    }, 120_000);
  });
});
