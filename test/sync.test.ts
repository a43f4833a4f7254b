/**
 * Sync through a real folder between three tills (three real shop files, copies of one shop as a
 * second and third till would be): concurrent customers, purchases, voids, points, profile edits
 * and card blocks converge to the same business rows whatever order the tills sync in; a replay
 * changes nothing; a damaged or cut-short feed is refused whole and taken once it is whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/main/cli/index';
import { encodeFeed } from '../src/main/sync/feedFile';
import { FolderStore, SYNC_DIR } from '../src/main/sync/folderStore';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf, digest, edit } from './syncTills';

const sync = (shop: TestShop, folder: string): Promise<SyncReport> =>
  syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

/** Till A, and B and C made from copies of it (install tags 2 and 3), all three open, with one shared folder. */
async function threeTills() {
  let a = await openShop();
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  const xCard = await a.call('cards.issue', { customerId: x.id });
  const s0 = await a.call('sales.record', { customerId: x.id, amount: 120_000 });
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b), now: '2026-11-25T03:00:00Z' });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });
  return { a, b, c, x, xCard, s0: s0.sale, folder: tempDir('regulars-sync-') };
}

describe('sync through a folder', () => {
  it('three tills with concurrent changes converge in any order; syncing again changes nothing', async () => {
    const { a, b, c, x, xCard, s0, folder } = await threeTills();
    expect([a, b, c].map((s) => s.backend.database.install.tag)).toEqual([1, 2, 3]);

    // A: a new customer who buys, a purchase for X voided at once, points given to X, X's name.
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    const ya = await a.call('customers.create', { fullName: 'Trần Văn Bình', area: 'Quận 1' });
    await a.call('sales.record', { customerId: ya.id, amount: 250_000 });
    const mistake = await a.call('sales.record', { customerId: x.id, amount: 990_000 });
    await a.call('sales.void', { saleId: mistake.sale.id, reason: 'wrong amount' });
    await a.call('points.adjust', { customerId: x.id, points: 50, reason: 'birthday' });
    await edit(a, x.id, { fullName: 'Nguyễn Thị Ánh (A)', notes: 'likes iced coffee' });

    // B, later: a customer with a card, a purchase for X, the pre-copy purchase voided, X's area, then X's name again.
    b.clock.now = new Date('2026-11-25T04:05:00Z');
    const yb = await b.call('customers.create', { fullName: '王芳', phone: '+886 912 345 678' });
    await b.call('cards.issue', { customerId: yb.id });
    await b.call('sales.record', { customerId: x.id, amount: 80_000 });
    await b.call('sales.void', { saleId: s0.id, reason: 'refund' });
    await edit(b, x.id, { area: 'Quận 3' });
    b.clock.now = new Date('2026-11-25T04:20:00Z');
    await edit(b, x.id, { fullName: 'Nguyễn Thị Ánh (B)' });

    // C: X's card blocked, and a purchase at the same time as A's edits.
    c.clock.now = new Date('2026-11-25T04:10:00Z');
    await c.call('cards.setStatus', { cardId: xCard.id, status: 'blocked', reason: 'stolen' });
    await c.call('sales.record', { customerId: x.id, amount: 45_000 });

    const first = await sync(a, folder);
    expect(first.exported).toMatchObject({ seq: 1, sales: 3, voids: 1 });
    expect(first.applied).toEqual([]);
    const fromB = await sync(b, folder);
    expect(fromB.applied).toHaveLength(1);
    await sync(c, folder);
    // C has now seen A's customer and sells to them: its next feed names a row C did not make.
    c.clock.now = new Date('2026-11-25T05:00:00Z');
    await c.call('sales.record', { customerId: ya.id, amount: 60_000 });
    await sync(c, folder);
    await sync(b, folder);
    await sync(a, folder);
    await sync(c, folder);

    const [da, db, dc] = [await digest(a), await digest(b), await digest(c)];
    expect(db).toEqual(da);
    expect(dc).toEqual(da);
    const xRow = da.customers.find((r) => r.gid === x.id)!;
    expect(xRow).toMatchObject({ full_name: 'Nguyễn Thị Ánh (B)', area: 'Quận 3', notes: 'likes iced coffee' });
    expect(da.cards.find((k) => k.gid === xCard.id)!.status).toBe('blocked');
    expect(da.customers.map((r) => r.gid).sort()).toEqual([x.id, ya.id, yb.id].sort());
    // Every purchase once: the pre-copy one (voided on B), A's two (one voided), B's, C's two.
    expect(da.sales).toHaveLength(6);
    expect(da.sales.filter((s) => s.voided_at !== null)).toHaveLength(2);
    const stats = (await a.call('customers.get', { id: x.id })).stats;
    expect(stats).toMatchObject({ visits: 2, totalSpend: 125_000 });
    // The card blocked on C is refused at A's counter.
    const atA = await a.fail('sales.record', { cardNumber: xCard.number, amount: 10_000 });
    expect(atA.code).toMatch(/CARD/);

    // Syncing again everywhere: nothing new either way.
    for (const s of [a, b, c]) {
      const again = await sync(s, folder);
      expect(again.exported.seq).toBeNull();
      expect(again.applied).toEqual([]);
    }
    // A replay of every feed from the start (the applied marks forgotten) changes no row.
    const logBefore = await a.backend.ctx.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await a.backend.ctx.db.deleteFrom('sync_peers').execute();
    const replay = await sync(a, folder);
    expect(replay.applied.length).toBeGreaterThan(0);
    for (const r of replay.applied) expect(r).toMatchObject({ customers: 0, cards: 0, sales: 0, voids: 0, points: 0 });
    expect(await digest(a)).toEqual(da);
    const logAfter = await a.backend.ctx.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // Only the applies' own clock entries were added: no change was logged twice.
    expect(Number(logAfter.n) - Number(logBefore.n)).toBe(replay.applied.length);
    // The clock passed everything received: A's next change sorts after every entry in its log.
    const max = await a.backend.ctx.db
      .selectFrom('change_log')
      .select((eb) => eb.fn.max('hlc').as('h'))
      .executeTakeFirstOrThrow();
    const last = await a.backend.ctx.db.selectFrom('change_log').select('hlc').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.hlc).toBe(Number(max.h));
  });

  it('a card replaced on two tills at once ends the same everywhere: one active card, the later one', async () => {
    const { a, b, x, xCard, folder } = await threeTills();
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    const na = await a.call('cards.replace', { cardId: xCard.id, reason: 'worn' });
    b.clock.now = new Date('2026-11-25T04:01:00Z');
    const nb = await b.call('cards.replace', { cardId: xCard.id, reason: 'lost wallet' });
    await sync(a, folder);
    await sync(b, folder);
    await sync(a, folder);
    const [da, db] = [await digest(a), await digest(b)];
    expect(db.cards).toEqual(da.cards);
    const mine = da.cards.filter((k) => k.customer === x.id);
    const winner = [na.id, nb.id].sort()[1]!;
    expect(mine.filter((k) => k.status === 'active').map((k) => k.gid)).toEqual([winner]);
    // The old card was replaced last on B: it points to B's new card on both tills.
    expect(mine.find((k) => k.gid === xCard.id)).toMatchObject({ status: 'replaced', replaced_by: nb.id });
    const lookup = await a.call('cards.lookup', { number: winner === na.id ? na.number : nb.number });
    expect(lookup.customer.id).toBe(x.id);
  });

  it('a feed naming a customer another till has not sent yet waits, and applies when that till’s feed arrives', async () => {
    const { a, b, c, folder } = await threeTills();
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    const ya = await a.call('customers.create', { fullName: 'Lê Thị Cúc' });
    await sync(a, folder);
    await sync(c, folder);
    await c.call('sales.record', { customerId: ya.id, amount: 30_000 });
    await sync(c, folder);
    // A's files are not in the folder yet (still copying): C's feed names A's customer and waits whole.
    const aFiles = path.join(folder, SYNC_DIR, a.backend.database.install.id);
    fs.renameSync(aFiles, aFiles + '.away');
    const early = await sync(b, folder);
    // C's first feed (its own customers and the pre-copy purchase) applies; its second names A's customer and waits.
    expect(early.applied.map((r) => r.seq)).toEqual([1]);
    expect(early.waiting).toEqual([expect.objectContaining({ install: c.backend.database.install.id, seq: 2 })]);
    expect(early.waiting[0]!.reason).toContain(ya.id);
    expect((await digest(b)).sales).toHaveLength(1);
    fs.renameSync(aFiles + '.away', aFiles);
    const later = await sync(b, folder);
    expect(later.applied.map((r) => r.install).sort()).toEqual([a.backend.database.install.id, c.backend.database.install.id].sort());
    expect(later.waiting).toEqual([]);
    expect((await digest(b)).sales).toEqual((await digest(c)).sales);
  });

  it('a cut-short or damaged feed is refused whole, nothing of it applied, and taken once it is whole', async () => {
    const { a, b, folder } = await threeTills();
    b.clock.now = new Date('2026-11-25T04:00:00Z');
    const y = await b.call('customers.create', { fullName: 'Phạm Minh Đức' });
    await b.call('sales.record', { customerId: y.id, amount: 70_000 });
    const sent = await sync(b, folder);
    const file = path.join(folder, SYNC_DIR, b.backend.database.install.id, `${String(sent.exported.seq).padStart(8, '0')}.feed`);
    const whole = fs.readFileSync(file);
    const before = await digest(a);

    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const cut = await sync(a, folder);
    expect(cut.problems).toEqual([expect.objectContaining({ kind: 'truncated', seq: 1 })]);
    expect(cut.applied).toEqual([]);
    expect(await digest(a)).toEqual(before);

    const damaged = Buffer.from(whole);
    damaged[damaged.length - 5] ^= 0x01;
    fs.writeFileSync(file, damaged);
    expect((await sync(a, folder)).problems).toEqual([expect.objectContaining({ kind: 'checksum' })]);
    expect(await digest(a)).toEqual(before);

    fs.writeFileSync(file, whole);
    const ok = await sync(a, folder);
    expect(ok.problems).toEqual([]);
    expect(ok.applied).toEqual([expect.objectContaining({ customers: 1, sales: 1 })]);
    expect(await digest(a)).toEqual(await digest(b));
  });

  it('a whole feed that fails part way through is rolled back: nothing half-applied', async () => {
    const { a, folder } = await threeTills();
    const stranger = '01936b2e-0000-7000-8000-0000000000ff';
    const customer = '01936b2e-0000-7000-8000-0000000000c1';
    // Each field's clock names an install the feed does not list: found only after the customer row is written.
    const clock: [number, string] = [1, '01936b2e-0000-7000-8000-0000000000ee'];
    const fields = Object.fromEntries(
      [
        'full_name',
        'search_name',
        'phone',
        'phone_digits',
        'phone_canonical',
        'email',
        'email_norm',
        'birthday',
        'gender',
        'area',
        'address',
        'notes',
        'consent_date',
        'consent_source',
        'external_code',
        'erased_at',
      ].map((f) => [f, [f === 'full_name' || f === 'search_name' ? 'Half' : null, clock]]),
    );
    Object.assign(fields, {
      tags: ['[]', clock],
      consent_marketing: [0, clock],
      updated_at: ['2026-11-25T00:00:00.000Z', clock],
      details_missing: [0, clock],
    });
    const entries = [
      { t: 'installs', list: [{ id: stranger, tag: 9 }] },
      { t: 'customer', gid: customer, code: 'C9-000001', created_at: '2026-11-25T00:00:00.000Z', fields },
      { t: 'marks', change_seq: 3, sale_key: 0, ledger_key: 0, hlc: 1 },
    ];
    await new FolderStore(folder).publish(encodeFeed(stranger, 1, entries));
    const r = await sync(a, folder);
    expect(r.problems).toEqual([expect.objectContaining({ install: stranger, kind: 'malformed' })]);
    const db = a.backend.ctx.db;
    expect(await db.selectFrom('customers').select('id').where('code', '=', 'C9-000001').execute()).toEqual([]);
    expect(await db.selectFrom('installs').select('key').where('id', '=', stranger).execute()).toEqual([]);
  });

  it('runs from the command line, refusing a folder inside the data folder', async () => {
    const { a, b, folder } = await threeTills();
    await b.call('customers.create', { fullName: 'Hoàng Lan' });
    const dirs = [a.dir, b.dir];
    await a.backend.close();
    await b.backend.close();
    const lines: string[] = [];
    const out = (s: string): void => void lines.push(s);
    expect(await run(['sync', '--data-dir', dirs[1]!, '--folder', folder], out)).toBe(0);
    expect(lines.join('\n')).toMatch(/Sent feed 1: 2 customers, 1 cards, 1 purchases/);
    lines.length = 0;
    expect(await run(['sync', '--data-dir', dirs[0]!, '--folder', folder, '--json'], out)).toBe(0);
    const report = JSON.parse(lines[0]!) as SyncReport;
    expect(report.applied).toEqual([expect.objectContaining({ seq: 1, customers: 1 })]);
    await expect(run(['sync', '--data-dir', dirs[0]!, '--folder', path.join(dirs[0]!, 'f')], out)).rejects.toThrow(
      /inside the shop's data folder/,
    );
    await expect(run(['sync', '--data-dir', dirs[0]!], out)).rejects.toThrow(/--folder/);
  });
});
