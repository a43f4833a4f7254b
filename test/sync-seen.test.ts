/**
 * The seen mark of "found while syncing" (issue 18): the owner marks a finding seen on this till, the
 * list then shows the unseen ones (the seen behind `withSeen`) and counts them; the mark is this
 * till's own (the findings every till derives stay equal); a finding found again saying the same
 * keeps it, one saying something else (another till used the coupon again) is unseen again. Three
 * real shop files (copies of one shop) and one real folder.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { newSession } from '../src/main/api/session';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith } from '../src/main/sync/sync';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf } from './syncTills';

const PV = { points: 100, value: 10_000 };

const sync = (shop: TestShop, folder: string) => syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

/** Till A with X (150 points) and a single-use flyer; B and C are copies of it. */
async function threeTills() {
  let a = await openShop({ settings: { pointsValue: PV } });
  a.clock.now = new Date('2026-11-24T03:00:00Z');
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  await a.call('sales.record', { customerId: x.id, amount: 1_500_000 });
  const f = await a.call('campaigns.create', {
    name: 'Tờ rơi',
    audience: { kind: 'flyer', usageLimit: 1 },
    offer: { kind: 'amount', amount: 20_000 },
    minPurchase: 50_000,
    validFrom: '2026-11-20',
    validTo: '2026-12-10',
  });
  const code = (await a.call('campaigns.issue', { id: f.id })).sharedCode!;
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a), settings: { pointsValue: PV } });
  const c = await openShop({ dir: await copyOf(b), settings: { pointsValue: PV } });
  b = await openShop({ dir: b.dir, settings: { pointsValue: PV } });
  a = await openShop({ dir: aDir, settings: { pointsValue: PV } });
  return { a, b, c, x, code, folder: tempDir('regulars-sync-') };
}

/** The findings every till derives, without this till's marks. */
const derived = async (s: TestShop) =>
  await s.backend.ctx.db
    .selectFrom('sync_findings')
    .select(['kind', 'subject', 'rows', 'detail', 'at', 'installs'])
    .orderBy('kind')
    .execute();

describe('the seen mark of a finding', () => {
  it('hides a finding the owner has seen on this till only, until it says something else', async () => {
    const t = await threeTills();
    const { a, b, c, x } = t;
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    await a.call('sales.record', { amount: 60_000, couponCode: t.code });
    b.clock.now = new Date('2026-11-25T04:05:00Z');
    await b.call('sales.record', { amount: 70_000, couponCode: t.code });
    // X's 150 points spent on A and on B before they synced: the balance went below zero.
    await a.call('sales.record', { customerId: x.id, amount: 300_000, redeemPoints: 150 });
    await b.call('sales.record', { customerId: x.id, amount: 300_000, redeemPoints: 150 });
    // C used the coupon too, and syncs only later.
    c.clock.now = new Date('2026-11-25T04:10:00Z');
    await c.call('sales.record', { amount: 80_000, couponCode: t.code });
    for (let i = 0; i < 2; i++) for (const s of [a, b]) await sync(s, t.folder);

    const before = await a.call('sync.findings', {});
    expect(before).toMatchObject({ total: 2, unseen: 2 });
    expect(before.items.map((f) => [f.kind, f.seen])).toEqual([
      ['balance_below_zero', false],
      ['coupon_overused', false],
    ]);
    const coupon = before.items.find((f) => f.kind === 'coupon_overused')!;
    const balance = before.items.find((f) => f.kind === 'balance_below_zero')!;

    expect(await a.call('sync.setFindingSeen', { id: coupon.id, seen: true })).toEqual({ id: coupon.id, seen: true, unseen: 1 });
    expect(await a.call('sync.setFindingSeen', { id: balance.id, seen: true })).toMatchObject({ unseen: 0 });
    // Hidden from the list, still there with `withSeen`, unseen ones first.
    expect(await a.call('sync.findings', {})).toEqual({ total: 2, unseen: 0, items: [] });
    const all = await a.call('sync.findings', { withSeen: true });
    expect(all.items.map((f) => f.seen)).toEqual([true, true]);
    // The mark is this till's: B still has both unseen; what every till derives stays equal.
    expect(await b.call('sync.findings', {})).toMatchObject({ total: 2, unseen: 2 });
    expect(await derived(a)).toEqual(await derived(b));

    // Replayed feeds find the same again: still seen.
    for (const s of [a, b]) {
      await s.backend.ctx.db.deleteFrom('sync_peers').execute();
      await sync(s, t.folder);
    }
    expect(await a.call('sync.findings', {})).toMatchObject({ total: 2, unseen: 0 });

    // Points given to X on B: the balance now is another figure, what happened is not: still seen.
    b.clock.now = new Date('2026-11-25T06:00:00Z');
    await b.call('points.adjust', { customerId: x.id, points: 500, reason: 'goodwill' });
    for (const s of [b, a]) await sync(s, t.folder);
    expect(await a.call('sync.findings', {})).toMatchObject({ total: 2, unseen: 0 });

    // C's use arrives: the finding says something else (a third use), and is new again on A.
    for (const s of [c, a, b, c]) await sync(s, t.folder);
    const again = await a.call('sync.findings', {});
    expect(again).toMatchObject({ total: 2, unseen: 1 });
    expect(again.items).toHaveLength(1);
    expect(again.items[0]).toMatchObject({ id: coupon.id, kind: 'coupon_overused', seen: false, detail: { uses: 3, limit: 1 } });
    expect(await derived(a)).toEqual(await derived(c));
    expect(await derived(b)).toEqual(await derived(c));

    // Unmarked by the owner: back in the list.
    expect(await a.call('sync.setFindingSeen', { id: balance.id, seen: false })).toMatchObject({ unseen: 2 });
    expect((await a.call('sync.findings', {})).items.map((f) => [f.kind, f.seen]).sort()).toEqual([
      ['balance_below_zero', false],
      ['coupon_overused', false],
    ]);
  });

  it('is the owner’s, audited; a bad or unknown id is refused', async () => {
    const { a, b, code, folder } = await threeTills();
    await a.call('sales.record', { amount: 60_000, couponCode: code });
    await b.call('sales.record', { amount: 60_000, couponCode: code });
    for (const s of [a, b, a]) await sync(s, folder);
    const [finding] = (await a.call('sync.findings', {})).items;

    expect(await a.fail('sync.setFindingSeen', { id: 'abc', seen: true })).toMatchObject({ code: 'VALIDATION', field: 'id' });
    expect(await a.fail('sync.setFindingSeen', { id: finding!.id })).toMatchObject({ code: 'VALIDATION', field: 'seen' });
    expect(await a.fail('sync.setFindingSeen', { id: '999999', seen: true })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await a.fail('sync.findings', { withSeen: 'yes' })).toMatchObject({ code: 'VALIDATION', field: 'withSeen' });

    await a.call('staff.setupOwner', { name: 'Lan', pin: '1234' });
    await a.call('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });
    const owner = newSession();
    const till = newSession();
    const ctx = a.backend.ctx;
    await dispatch(ctx, 'staff.signIn', { pin: '1234' }, owner);
    await dispatch(ctx, 'staff.signIn', { pin: '5555' }, till);
    // Staff see the list (they meet these customers first) but do not hide it from the owner.
    expect(await dispatch(ctx, 'sync.findings', {}, till)).toMatchObject({ ok: true, value: { unseen: 1 } });
    expect(await dispatch(ctx, 'sync.setFindingSeen', { id: finding!.id, seen: true }, till)).toMatchObject({
      ok: false,
      error: { code: 'OWNER_ONLY' },
    });
    expect(await dispatch(ctx, 'sync.setFindingSeen', { id: finding!.id, seen: true }, owner)).toMatchObject({
      ok: true,
      value: { unseen: 0 },
    });
    const audit = await dispatch(ctx, 'audit.list', { action: 'sync.setFindingSeen' }, owner);
    expect(audit).toMatchObject({ ok: true, value: { entries: [{ action: 'sync.setFindingSeen', staffName: 'Lan' }] } });
  });
});
