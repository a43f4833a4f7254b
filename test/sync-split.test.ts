/**
 * A batch bigger than one piece travels as several feeds (sync/split.ts), read a few at a time, with
 * the event loop turning between two applied feeds: real shop files, one real folder. Pieces are
 * made tiny here (one or a few entries each) so every boundary falls between rows that name each other.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFeed } from '../src/main/sync/apply';
import { feedEntries, verifyFeed, type FeedStore, type FetchBound } from '../src/main/sync/feedFile';
import { FolderStore, SYNC_DIR } from '../src/main/sync/folderStore';
import { HubStore } from '../src/main/sync/hubStore';
import type { PieceLimits } from '../src/main/sync/split';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import { describe as describeSync } from '../src/main/cli/sync';
import { openShop, tempDir, type TestShop } from './helpers';
import { postgresMissing, startPostgres, type PgServer } from './pgServer';
import { copyOf, digest } from './syncTills';

const TINY: PieceLimits = { entries: 1, bytes: 1_000_000 };
const SMALL: PieceLimits = { entries: 4, bytes: 1_000_000 };

/** A store that remembers the most feeds any one fetch handed over. */
function counting(inner: FeedStore): FeedStore & { most: number; fetches: number } {
  const store = {
    most: 0,
    fetches: 0,
    publish: inner.publish.bind(inner),
    pending: inner.pending.bind(inner),
    async fetch(self: string, after: ReadonlyMap<string, number>, only?: FetchBound) {
      const got = await inner.fetch(self, after, only);
      store.fetches++;
      store.most = Math.max(store.most, got.feeds.length);
      return got;
    },
  };
  return store;
}

const sync = (shop: TestShop, store: FeedStore, limits = SMALL, readAhead = 2): Promise<SyncReport> =>
  syncWith(shop.backend.ctx.db, store, shop.backend.ctx.now, { limits, readAhead });

/** Till A with a history (customers, cards, one replaced, purchases with their points, a void), and B copied from it before. */
async function twoTills() {
  let a = await openShop();
  await a.call('customers.create', { fullName: 'Lê Thị Mai' });
  const aDir = a.dir;
  const b = await openShop({ dir: await copyOf(a) });
  a = await openShop({ dir: aDir });
  for (let i = 0; i < 6; i++) {
    const c = await a.call('customers.create', { fullName: `Khách ${i}`, phone: `0912 000 10${i}` });
    const card = await a.call('cards.issue', { customerId: c.id });
    if (i % 2 === 0) await a.call('cards.replace', { cardId: card.id, reason: 'worn' });
    const s = await a.call('sales.record', { customerId: c.id, amount: 100_000 + i * 1_000 });
    if (i === 3) await a.call('sales.void', { saleId: s.sale.id, reason: 'wrong amount' });
  }
  return { a, b, folder: tempDir('regulars-sync-') };
}

const feedFiles = (folder: string, install: string): string[] =>
  fs
    .readdirSync(path.join(folder, SYNC_DIR, install))
    .filter((n) => n.endsWith('.feed'))
    .sort()
    .map((n) => path.join(folder, SYNC_DIR, install, n));

describe('feeds split into pieces', () => {
  it('a batch bigger than a piece goes as consecutive whole feeds; the other till reads a few at a time and converges', async () => {
    const { a, b, folder } = await twoTills();
    const sent = await sync(a, new FolderStore(folder), TINY);
    expect(sent.exported.feeds).toBeGreaterThan(20);
    expect(sent.exported.seq).toBe(sent.exported.feeds);
    const files = feedFiles(folder, a.backend.database.install.id);
    expect(files).toHaveLength(sent.exported.feeds!);
    files.forEach((file, i) => {
      const feed = verifyFeed(fs.readFileSync(file), { install: a.backend.database.install.id, seq: i + 1 });
      const entries = feedEntries(feed) as { t: string }[];
      expect(entries).toHaveLength(3);
      expect([entries[0]!.t, entries.at(-1)!.t]).toEqual(['installs', 'marks']);
    });

    const store = counting(new FolderStore(folder));
    const got = await sync(b, store, TINY, 3);
    expect(got.problems).toEqual([]);
    expect(got.waiting).toEqual([]);
    expect(got.applied).toHaveLength(files.length);
    // `regulars sync` says it in one line for the till, the pieces added up (it printed a line per piece).
    const received = describeSync(got)
      .split('\n')
      .filter((l) => l.startsWith('Received'));
    const sales = got.applied.reduce((n, x) => n + x.sales, 0);
    expect(received).toEqual([
      expect.stringMatching(
        new RegExp(`^Received feeds 1–${files.length} of till ${a.backend.database.install.id}: .* ${sales} purchases`),
      ),
    ]);
    expect(store.most).toBeLessThanOrEqual(3);
    expect(store.fetches).toBeGreaterThan(files.length / 3);
    // B's own first feed, then A takes it: both hold the same rows (a replaced card points at its successor though they came apart).
    await sync(a, new FolderStore(folder));
    expect(await digest(b)).toEqual(await digest(a));
  });

  it('a missing middle piece makes the later ones wait; once it is there the rest apply', async () => {
    const { a, b, folder } = await twoTills();
    const sent = await sync(a, new FolderStore(folder));
    expect(sent.exported.feeds).toBeGreaterThan(3);
    const [, second] = feedFiles(folder, a.backend.database.install.id);
    fs.renameSync(second!, `${second}.away`);
    const early = await sync(b, new FolderStore(folder));
    expect(early.applied.map((r) => r.seq)).toEqual([1]);
    expect(early.waiting).toEqual([expect.objectContaining({ install: a.backend.database.install.id, seq: 2 })]);
    expect(await digest(b)).not.toEqual(await digest(a));

    fs.renameSync(`${second}.away`, second!);
    const rest = await sync(b, new FolderStore(folder));
    expect(rest.applied.map((r) => r.seq)).toEqual(Array.from({ length: sent.exported.feeds! - 1 }, (_, i) => i + 2));
    await sync(a, new FolderStore(folder));
    expect(await digest(b)).toEqual(await digest(a));
  });

  it('a damaged piece is refused whole and the pieces after it wait behind it', async () => {
    const { a, b, folder } = await twoTills();
    const sent = await sync(a, new FolderStore(folder));
    const files = feedFiles(folder, a.backend.database.install.id);
    const good = fs.readFileSync(files[2]!);
    const bad = Buffer.from(good);
    bad[bad.length - 5] ^= 0x01;
    fs.rmSync(files[2]!);
    fs.writeFileSync(files[2]!, bad);
    const first = await sync(b, new FolderStore(folder));
    expect(first.applied.map((r) => r.seq)).toEqual([1, 2]);
    expect(first.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'checksum' })]);

    fs.rmSync(files[2]!);
    fs.writeFileSync(files[2]!, good);
    const then = await sync(b, new FolderStore(folder));
    expect(then.problems).toEqual([]);
    expect(then.applied.map((r) => r.seq)).toEqual(Array.from({ length: sent.exported.feeds! - 2 }, (_, i) => i + 3));
    await sync(a, new FolderStore(folder));
    expect(await digest(b)).toEqual(await digest(a));
  });

  it('a replay of every piece changes nothing', async () => {
    const { a, b, folder } = await twoTills();
    await sync(a, new FolderStore(folder));
    await sync(b, new FolderStore(folder));
    await sync(a, new FolderStore(folder));
    const before = await digest(b);
    for (const file of feedFiles(folder, a.backend.database.install.id)) {
      const r = await applyFeed(b.backend.ctx.db, verifyFeed(fs.readFileSync(file)), b.clock.now.getTime());
      expect(r.applied).toBe(false);
    }
    expect(await digest(b)).toEqual(before);
    expect((await sync(b, new FolderStore(folder))).applied).toEqual([]);
  });

  it("the counter's calls get in between two applied feeds", async () => {
    const { a, b, folder } = await twoTills();
    await sync(a, new FolderStore(folder), TINY);
    const customer = await b.call('customers.create', { fullName: 'Đỗ Văn Hải' });
    const done: string[] = [];
    const syncing = sync(b, new FolderStore(folder), TINY).then(() => done.push('sync'));
    const sale = new Promise<void>((resolve) =>
      setImmediate(() => void b.call('sales.record', { customerId: customer.id, amount: 30_000 }).then(() => resolve())),
    ).then(() => done.push('sale'));
    await Promise.all([syncing, sale]);
    expect(done).toEqual(['sale', 'sync']);
  });
});

describe('Sync now with a batch in pieces', () => {
  it('shows one line per till, the pieces added up and the last seq', async () => {
    let a = await openShop();
    await a.call('customers.create', { fullName: 'Lê Thị Mai' });
    const aDir = a.dir;
    const b = await openShop({ dir: await copyOf(a) });
    a = await openShop({ dir: aDir });
    const c = await a.call('customers.create', { fullName: 'Hoàng Văn Nam' });
    // 1,050 purchases, each with its earn row: 2,100 entries, more than one piece of 2,000.
    for (let i = 0; i < 1_050; i++) await a.call('sales.record', { customerId: c.id, amount: 20_000 + i });
    const folder = tempDir('regulars-sync-');
    for (const t of [a, b]) await t.call('sync.setFolder', { folder });
    const sent = await a.call('sync.run', {});
    expect(sent.last!.exported).toMatchObject({ seq: 2, sales: 1_050 });
    const got = await b.call('sync.run', {});
    expect(got.last!.applied).toEqual([expect.objectContaining({ install: sent.install, seq: 2, sales: 1_050, points: 1_050 })]);
  });
});

describe.skipIf(postgresMissing())('pieces through the hub', () => {
  let server: PgServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.stop());

  it('are read a few at a time; a damaged row is refused and the pieces after it wait; once put right the tills converge', async () => {
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    const name = `split_${process.pid}`;
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const url = server.url.replace(/\/postgres$/, `/${name}`);
    const { a, b } = await twoTills();
    const [ha, hb] = [await HubStore.open(url), await HubStore.open(url)];
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const sent = await sync(a, ha);
      expect(sent.exported.feeds).toBeGreaterThan(4);
      const install = a.backend.database.install.id;
      const { rows } = await admin.query<{ file: Buffer }>('SELECT file FROM regulars_feeds WHERE install = $1 AND seq = 4', [install]);
      const bad = Buffer.from(rows[0]!.file);
      bad[bad.length - 5] ^= 0x01;
      await admin.query('UPDATE regulars_feeds SET file = $2 WHERE install = $1 AND seq = 4', [install, bad]);
      const store = counting(hb);
      const first = await sync(b, store, SMALL, 2);
      expect(first.applied.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(first.problems).toEqual([expect.objectContaining({ seq: 4, kind: 'checksum' })]);
      expect(store.most).toBeLessThanOrEqual(2);

      await admin.query('UPDATE regulars_feeds SET file = $2 WHERE install = $1 AND seq = 4', [install, rows[0]!.file]);
      const then = await sync(b, store, SMALL, 2);
      expect(then.problems).toEqual([]);
      expect(then.applied.map((r) => r.seq)).toEqual(Array.from({ length: sent.exported.feeds! - 3 }, (_, i) => i + 4));
      expect(store.most).toBeLessThanOrEqual(2);
      await sync(a, ha);
      expect(await digest(b)).toEqual(await digest(a));
    } finally {
      await admin.end();
      await ha.close();
      await hb.close();
    }
  });
});
