/**
 * "Sync now" through dispatch (issue 18): two real tills (a shop file and a copy of it, as a second
 * till is set up) and one real shared folder. The folder is refused inside or around the data folder
 * with a field error; a sync's counts and the other till's last feed show in sync.status after.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { DB_FILE_NAME } from '../src/main/db/open';
import { openShop, tempDir, type TestShop } from './helpers';

async function copyOf(shop: TestShop): Promise<string> {
  await shop.backend.close();
  const dir = tempDir();
  fs.copyFileSync(path.join(shop.dir, DB_FILE_NAME), path.join(dir, DB_FILE_NAME));
  return dir;
}

async function twoTills() {
  let a = await openShop();
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  const aDir = a.dir;
  const b = await openShop({ dir: await copyOf(a) });
  a = await openShop({ dir: aDir });
  return { a, b, x, folder: tempDir('regulars-syncnow-') };
}

describe('sync now', () => {
  it('refuses a folder inside or around the data folder, or one that is not there, with a field error', async () => {
    const { a } = await twoTills();
    const inside = await a.fail('sync.setFolder', { folder: path.join(a.dir, 'sync') });
    expect(inside).toMatchObject({ code: 'SYNC_FOLDER_HOLDS_SHOP', field: 'folder' });
    const around = await a.fail('sync.setFolder', { folder: path.dirname(a.dir) });
    expect(around).toMatchObject({ code: 'SYNC_FOLDER_HOLDS_SHOP', field: 'folder' });
    expect(await a.fail('sync.setFolder', { folder: 'relative/sync' })).toMatchObject({
      code: 'SYNC_FOLDER_UNUSABLE',
      field: 'folder',
      params: { reason: 'relative' },
    });
    expect(await a.fail('sync.setFolder', { folder: path.join(tempDir(), 'not-made') })).toMatchObject({
      code: 'SYNC_FOLDER_UNUSABLE',
      params: { reason: 'missing' },
    });
    expect(await a.fail('sync.setFolder', { folder: 42 })).toMatchObject({ code: 'VALIDATION', field: 'folder' });
    expect(await a.fail('sync.run', {})).toMatchObject({ code: 'SYNC_NO_FOLDER' });
    // Nothing half-written: still no folder.
    expect((await a.call('sync.status', {})).folder).toBeNull();
  });

  it('sends and receives through the folder and shows the counts, the other till and its last feed', async () => {
    const { a, b, x, folder } = await twoTills();
    await a.call('sales.record', { customerId: x.id, amount: 120_000 });
    await b.call('customers.create', { fullName: 'Trần Văn Bình' });
    expect((await a.call('sync.setFolder', { folder })).folder).toBe(fs.realpathSync(folder));
    await b.call('sync.setFolder', { folder });

    const first = await a.call('sync.run', {});
    expect(first.last).toMatchObject({ failed: null, applied: [], refused: [], waiting: [] });
    expect(first.last!.exported).toMatchObject({ seq: 1, sales: 1 });
    expect(first.lastFeed).toBe(1);

    const fromB = await b.call('sync.run', {});
    // A till's first feed carries everything its file holds: the copied customer and its own.
    expect(fromB.last!.exported).toMatchObject({ seq: 1, customers: 2 });
    expect(fromB.last!.applied).toEqual([expect.objectContaining({ install: first.install, tag: first.tag, seq: 1, sales: 1 })]);
    expect(fromB.peers).toEqual([
      { install: first.install, tag: first.tag, lastFeed: 1, clock: expect.objectContaining({ warning: null }) },
    ]);

    const back = await a.call('sync.run', {});
    expect(back.last!.exported).toBeNull();
    expect(back.last!.applied).toEqual([expect.objectContaining({ install: fromB.install, seq: 1, customers: 1 })]);
    // Read again later (another window): the same result, stored in the shop's file.
    const status = await a.call('sync.status', {});
    expect(status.last).toEqual(back.last);
    expect(status.peers).toEqual([
      { install: fromB.install, tag: fromB.tag, lastFeed: 1, clock: expect.objectContaining({ warning: null }) },
    ]);
    const names = (await a.call('customers.search', { query: '' })).items.map((c) => c.fullName).sort();
    expect(names).toEqual(['Nguyễn Thị Ánh', 'Trần Văn Bình']);
  });

  it('reports a damaged file as refused, and runs one sync at a time', async () => {
    const { a, b, folder } = await twoTills();
    await a.call('sync.setFolder', { folder });
    await b.call('sync.setFolder', { folder });
    await b.call('customers.create', { fullName: 'Lê Thị Cúc' });
    const bStatus = await b.call('sync.run', {});
    const file = path.join(folder, 'regulars-sync', bStatus.install, '00000001.feed');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 5] ^= 1;
    fs.writeFileSync(file, bytes);

    const [one, two] = await Promise.all([dispatch(a.backend.ctx, 'sync.run', {}), dispatch(a.backend.ctx, 'sync.run', {})]);
    expect(one.ok).toBe(true);
    expect(two).toMatchObject({ ok: false, error: { code: 'SYNC_RUNNING' } });
    const status = await a.call('sync.status', {});
    expect(status.running).toBe(false);
    expect(status.last!.refused).toEqual([expect.objectContaining({ install: bStatus.install, seq: 1, kind: 'checksum' })]);
    // Nothing of the refused file applied: A does not know B's till yet.
    expect(status.peers).toEqual([]);
    expect((await a.call('customers.search', { query: '' })).items.map((c) => c.fullName)).toEqual(['Nguyễn Thị Ánh']);
  });

  it('names customers entered for one phone on two tills as possible duplicates, until they are merged', async () => {
    const { a, b, folder } = await twoTills();
    const onA = await a.call('customers.create', { fullName: 'Lê Văn Cường', phone: '0987 654 321' });
    const onB = await b.call('customers.create', { fullName: 'Le Van Cuong', phone: '+84 987 654 321' });
    await a.call('sync.setFolder', { folder });
    await b.call('sync.setFolder', { folder });
    await a.call('sync.run', {});
    const got = (await b.call('sync.run', {})).last!;
    expect(got.duplicates).toHaveLength(1);
    const pair = got.duplicates![0]!;
    expect(pair.matchedOn).toBe('phone');
    expect(new Set([pair.customer.name, pair.other.name])).toEqual(new Set(['Lê Văn Cường', 'Le Van Cuong']));
    expect(new Set([pair.customer.id, pair.other.id])).toEqual(new Set([onA.id, onB.id]));
    // Merged on this till: the pair is no longer offered (the kept result names ids, read again when shown).
    await b.call('customers.merge', { survivorId: onB.id, absorbedId: onA.id });
    expect((await b.call('sync.status', {})).last!.duplicates).toEqual([]);
    // The first till takes in the second's customer and sees the pair too, until the merge reaches it.
    expect((await a.call('sync.run', {})).last!.duplicates).toHaveLength(1);
    await b.call('sync.run', {});
    await a.call('sync.run', {});
    expect((await a.call('sync.status', {})).last!.duplicates).toEqual([]);
  });
});
