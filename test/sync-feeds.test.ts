/** Feed files and the two places they travel through: a folder, and the chain's PostgreSQL hub. */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFeed, feedEntries, verifyFeed, type FeedStore } from '../src/main/sync/feedFile';
import { checkSyncFolder, FolderStore, SYNC_DIR } from '../src/main/sync/folderStore';
import { HubStore } from '../src/main/sync/hubStore';
import { postgresMissing, startPostgres, type PgServer } from './pgServer';
import { tempDir } from './helpers';

const A = '01936b2e-0000-7000-8000-00000000000a';
const B = '01936b2e-0000-7000-8000-00000000000b';
const C = '01936b2e-0000-7000-8000-00000000000c';
const entries = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ e: 'sale', id: `${tag}-${i}`, name: 'Nguyễn Thị Ánh 王芳' }));

describe('a feed file', () => {
  it('reads back exactly what was written', () => {
    const feed = encodeFeed(A, 3, entries(5, 'x'));
    const read = verifyFeed(feed.file, { install: A, seq: 3 });
    expect(read.header).toMatchObject({ install: A, seq: 3, entries: 5 });
    expect(feedEntries(read)).toEqual(entries(5, 'x'));
    expect(feedEntries(verifyFeed(encodeFeed(A, 1, []).file))).toEqual([]);
  });

  it('is refused whole when cut short, damaged, padded, mislabelled, foreign or from a newer version', () => {
    const { file } = encodeFeed(A, 2, entries(20, 'y'));
    const kind = (f: Buffer, expected = { install: A, seq: 2 }) => {
      try {
        verifyFeed(f, expected);
        return 'accepted';
      } catch (e) {
        return (e as { kind: string }).kind;
      }
    };
    expect(kind(file)).toBe('accepted');
    expect(kind(file.subarray(0, file.length - 7))).toBe('truncated');
    expect(kind(file.subarray(0, 10))).toBe('malformed');
    expect(kind(Buffer.alloc(0))).toBe('truncated');
    const flipped = Buffer.from(file);
    flipped[flipped.length - 5] ^= 1;
    expect(kind(flipped)).toBe('checksum');
    expect(kind(Buffer.concat([file, Buffer.from('{"extra":1}\n')]))).toBe('malformed');
    expect(kind(file, { install: B, seq: 2 })).toBe('misplaced');
    expect(kind(file, { install: A, seq: 3 })).toBe('misplaced');
    expect(kind(Buffer.from('receipt,customer\nR1,C1\n'))).toBe('malformed');
    const newer = Buffer.from(file.toString('utf8').replace('"regularsFeed":1', '"regularsFeed":9'));
    expect(kind(newer)).toBe('newer-format');
  });
});

/** The same behaviour from any store. */
function storeBehaviour(name: string, open: () => Promise<FeedStore & { close?: () => Promise<void> }>) {
  describe(name, () => {
    it('gives each install the others’ feeds in order, each once, and never its own', async () => {
      const store = await open();
      await store.publish(encodeFeed(A, 1, entries(2, 'a1')));
      await store.publish(encodeFeed(A, 2, entries(3, 'a2')));
      await store.publish(encodeFeed(B, 1, entries(1, 'b1')));
      const forC = await store.fetch(C, new Map());
      expect(forC.feeds.map((f) => [f.header.install, f.header.seq])).toEqual([
        [A, 1],
        [A, 2],
        [B, 1],
      ]);
      expect(forC.problems).toEqual([]);
      const forA = await store.fetch(A, new Map());
      expect(forA.feeds.map((f) => [f.header.install, f.header.seq])).toEqual([[B, 1]]);
      // What was had already is not fetched again.
      const later = await store.fetch(C, new Map([[A, 2]]));
      expect(later.feeds.map((f) => [f.header.install, f.header.seq])).toEqual([[B, 1]]);
      await store.close?.();
    });

    it('takes the same feed published twice as one, and refuses a different file under the same number', async () => {
      const store = await open();
      const feed = encodeFeed(A, 1, entries(2, 'same'));
      await store.publish(feed);
      await store.publish(feed);
      await expect(store.publish(encodeFeed(A, 1, entries(2, 'other')))).rejects.toThrow(/same install id/);
      expect((await store.fetch(B, new Map())).feeds).toHaveLength(1);
      await store.close?.();
    });
  });
}

describe('feeds through a folder', () => {
  storeBehaviour('a folder store', async () => new FolderStore(tempDir('regulars-sync-')));

  it('waits for a missing file, refuses a cut-short one, and takes both once they are whole', async () => {
    const folder = tempDir('regulars-sync-');
    const store = new FolderStore(folder);
    await store.publish(encodeFeed(A, 1, entries(2, 'a1')));
    const two = encodeFeed(A, 2, entries(50, 'a2'));
    const three = encodeFeed(A, 3, entries(1, 'a3'));
    const dir = path.join(folder, SYNC_DIR, A);
    // Another computer's files arrive through a synced folder: the third before the second…
    fs.writeFileSync(path.join(dir, '00000003.feed'), three.file);
    let got = await store.fetch(B, new Map());
    expect(got.feeds.map((f) => f.header.seq)).toEqual([1]);
    expect(got.waiting).toEqual([{ install: A, seq: 2 }]);
    // …then the second, half copied: refused, and the third still waits behind it.
    fs.writeFileSync(path.join(dir, '00000002.feed'), two.file.subarray(0, 300));
    got = await store.fetch(B, new Map([[A, 1]]));
    expect(got.feeds).toEqual([]);
    expect(got.problems).toEqual([expect.objectContaining({ install: A, seq: 2, kind: 'truncated' })]);
    // Once whole, both come, in order. Temporary files of a write in progress are never read.
    fs.writeFileSync(path.join(dir, '00000002.feed'), two.file);
    fs.writeFileSync(path.join(dir, '.00000004.feed.123-ab.tmp'), 'half');
    got = await store.fetch(B, new Map([[A, 1]]));
    expect(got.feeds.map((f) => f.header.seq)).toEqual([2, 3]);
    expect(got.problems).toEqual([]);
  });

  it('refuses a sync folder that holds, or is inside, the shop’s data folder', () => {
    expect(checkSyncFolder('/home/an/shop/sync', '/home/an/shop')).toMatch(/inside the shop's data folder/);
    expect(checkSyncFolder('/home/an/Dropbox', '/home/an/Dropbox/shop')).toMatch(/must never be in a synced folder/);
    expect(checkSyncFolder('/home/an/shop', '/home/an/shop')).not.toBeNull();
    expect(checkSyncFolder('/media/usb', '/home/an/shop')).toBeNull();
    expect(checkSyncFolder('/home/an/shop-sync', '/home/an/shop')).toBeNull();
  });
});

describe.skipIf(postgresMissing())('feeds through the chain’s PostgreSQL hub', () => {
  let server: PgServer;
  let n = 0;
  const databases: string[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(() => server?.stop());

  /** A fresh database per test, as each chain has its own hub. */
  async function freshHubUrl(): Promise<string> {
    const name = `hub_${process.pid}_${++n}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    databases.push(name);
    return server.url.replace(/\/postgres$/, `/${name}`);
  }

  storeBehaviour('a hub store', async () => HubStore.open(await freshHubUrl()));

  it('creates its schema once, however many branches start at the same moment', async () => {
    const url = await freshHubUrl();
    const hubs = await Promise.all(Array.from({ length: 50 }, () => HubStore.open(url)));
    expect(new Set(await Promise.all(hubs.map((h) => h.version())))).toEqual(new Set([1]));
    for (const h of hubs) await h.close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const rows = await db.query('SELECT version FROM regulars_hub_migrations ORDER BY version');
    await db.end();
    expect(rows.rows).toEqual([{ version: 1 }]);
  });

  it('refuses a feed damaged in the hub, and the branch’s later feeds wait behind it', async () => {
    const url = await freshHubUrl();
    const hub = await HubStore.open(url);
    for (let seq = 1; seq <= 3; seq++) await hub.publish(encodeFeed(A, seq, entries(3, `s${seq}`)));
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`UPDATE regulars_feeds SET file = substring(file from 1 for length(file) - 4) WHERE seq = 2`);
    await db.end();
    const got = await hub.fetch(B, new Map());
    expect(got.feeds.map((f) => f.header.seq)).toEqual([1]);
    expect(got.problems).toEqual([expect.objectContaining({ install: A, seq: 2, kind: 'truncated' })]);
    await hub.close();
  });

  it('refuses a hub set up by a newer version of Regulars', async () => {
    const url = await freshHubUrl();
    await (await HubStore.open(url)).close();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query('INSERT INTO regulars_hub_migrations (version) VALUES (99)');
    await db.end();
    await expect(HubStore.open(url)).rejects.toThrow(/newer version of Regulars/);
  });
});
