/**
 * A draft campaign issued on two tills before they synced (issue 18): each till wrote its own
 * coupons, so members hold two. Found when the second set arrives (the same finding on every till),
 * and the owner's one action, on any till, withdraws the set issued later by the hybrid clock: its
 * coupons not used cancelled, a used one kept and named. Three real shop files (copies of one shop),
 * one real folder, several sync orders, the withdrawal on one till or on two at once, every feed
 * replayed twice: the rows end equal everywhere.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith } from '../src/main/sync/sync';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf } from './syncTills';

const sync = (shop: TestShop, folder: string) => syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

type Till = 'a' | 'b' | 'c';

/** Till A with X (bought), Y and Z (never bought) and a draft campaign for those who never bought; B and C copies of it. */
async function threeTills() {
  let a = await openShop();
  a.clock.now = new Date('2026-11-24T03:00:00Z');
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  await a.call('sales.record', { customerId: x.id, amount: 500_000 });
  const y = await a.call('customers.create', { fullName: '陳美玲', phone: '+886 912 000 111' });
  const z = await a.call('customers.create', { fullName: 'Trần Văn Bình', phone: '0903 111 222' });
  const p = await a.call('campaigns.create', {
    name: 'Quay lại nhé',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'amount', amount: 20_000 },
    minPurchase: 100_000,
    validFrom: '2026-11-20',
    validTo: '2026-12-10',
  });
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b) });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });
  return { a, b, c, x, y, z, p, folder: tempDir('regulars-sync-') };
}
type Tills = Awaited<ReturnType<typeof threeTills>>;

/** Campaigns, members, coupons, their uses and the findings by global id: equal on every till that has every feed. */
async function digest(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const q = async (query: ReturnType<typeof sql<Record<string, unknown>>>) => (await query.execute(db)).rows;
  return {
    campaigns: await q(sql`SELECT hex(gid) AS gid, name, status, issued_at, updated_at FROM campaigns ORDER BY 1`),
    members: await q(sql`SELECT hex(m.gid) AS campaign, hex(c.gid) AS customer, x.holdout FROM campaign_members x
      JOIN campaigns m ON m.id = x.campaign_id JOIN customers c ON c.id = x.customer_id ORDER BY 1, 2`),
    coupons: await q(sql`SELECT hex(k.gid) AS gid, k.code, hex(c.gid) AS customer, k.used_count, k.issued_at, k.voided_at, k.void_reason
      FROM coupons k LEFT JOIN customers c ON c.id = k.customer_id ORDER BY 1`),
    sales: await q(sql`SELECT i.id || ':' || coalesce(s.origin_key, s.id) AS gid, hex(k.gid) AS coupon, s.total FROM sales s
      JOIN installs i ON i.key = s.origin LEFT JOIN coupons k ON k.id = s.coupon_id ORDER BY 1`),
    findings: await q(sql`SELECT kind, hex(subject) AS subject, rows, detail, at, installs FROM sync_findings ORDER BY 1, 2`),
  };
}

async function syncAll(t: Tills, order: Till[]): Promise<void> {
  for (const k of order) expect((await sync(t[k], t.folder)).problems).toEqual([]);
  for (const k of ['a', 'b', 'c', 'a', 'b'] as const) await sync(t[k], t.folder);
}

async function allEqual(t: Tills) {
  const d = await digest(t.a);
  expect(await digest(t.b)).toEqual(d);
  expect(await digest(t.c)).toEqual(d);
  return d;
}

async function replayTwice(t: Tills): Promise<void> {
  const before = await digest(t.a);
  for (const s of [t.a, t.b, t.c]) {
    for (let i = 0; i < 2; i++) {
      await s.backend.ctx.db.deleteFrom('sync_peers').execute();
      await sync(s, t.folder);
    }
    expect(await digest(s)).toEqual(before);
  }
}

/** A customer's coupon of the set issued at `issuedAt` (ISO), as this till holds it. */
async function couponOf(s: TestShop, customer: string, issuedAt: string) {
  const hex = customer.replace(/-/g, '').toUpperCase();
  const r = await sql<{ code: string; used_count: number; voided_at: string | null }>`SELECT k.code, k.used_count, k.voided_at
    FROM coupons k JOIN customers c ON c.id = k.customer_id WHERE hex(c.gid) = ${hex} AND k.issued_at = ${issuedAt}`.execute(
    s.backend.ctx.db,
  );
  expect(r.rows).toHaveLength(1);
  return r.rows[0]!;
}

const EARLY = '2026-11-25T04:00:00.000Z';
const LATE = '2026-11-25T04:30:00.000Z';

const ORDERS: Till[][] = [
  ['a', 'b', 'c'],
  ['c', 'b', 'a'],
  ['b', 'c', 'a', 'c'],
];

describe('a draft campaign issued on two tills before they synced', () => {
  // Which till issues later by the clock: the other's set is kept, whichever till's feed arrives first.
  for (const later of ['a', 'b'] as const)
    it.each(ORDERS)(`is found, and withdrawing keeps the first set (${later} issued later; order %s…)`, async (...order) => {
      const t = await threeTills();
      const { a, b, c, y, z, p } = t;
      const first = later === 'a' ? b : a;
      const second = later === 'a' ? a : b;
      first.clock.now = new Date(EARLY);
      await first.call('campaigns.issue', { id: p.id });
      second.clock.now = new Date(LATE);
      await second.call('campaigns.issue', { id: p.id });
      // Y uses the later set's coupon at its till before the tills sync: a use is kept.
      const yLater = await couponOf(second, y.id, LATE);
      await second.call('sales.record', { customerId: y.id, amount: 150_000, couponCode: yLater.code });

      await syncAll(t, order);
      const d = await allEqual(t);
      expect(d.members).toHaveLength(2);
      expect(d.coupons).toHaveLength(4);
      const found = d.findings.filter((f) => f.kind === 'campaign_issued_twice');
      expect(found).toHaveLength(1);
      expect(JSON.parse(String(found[0]!.detail))).toEqual({ sets: 2, members: 2, withdraw: 1, used: 1 });
      expect(found[0]!.at).toBe(Date.parse(LATE));
      expect(JSON.parse(String(found[0]!.installs))).toEqual([a.backend.database.install.id, b.backend.database.install.id].sort());
      const { items } = await c.call('sync.findings', {});
      expect(items.find((i) => i.kind === 'campaign_issued_twice')).toMatchObject({
        campaign: { id: p.id, name: 'Quay lại nhé' },
        customer: null,
        coupon: null,
        detail: { members: 2, withdraw: 1 },
      });
      await replayTwice(t);

      // The owner withdraws on C, a till that issued nothing: the later set's unused coupon goes, Y's used one stays.
      c.clock.now = new Date('2026-11-25T06:00:00Z');
      const done = await c.call('sync.withdrawLaterCoupons', { id: p.id });
      expect(done).toEqual({
        id: p.id,
        withdrawn: 1,
        kept: [{ code: yLater.code, customer: { code: expect.any(String), name: '陳美玲' } }],
      });
      // At once on C: nothing left to withdraw, the finding is gone; again cancels nothing.
      expect((await c.call('sync.findings', {})).items.filter((i) => i.kind === 'campaign_issued_twice')).toEqual([]);
      expect(await c.call('sync.withdrawLaterCoupons', { id: p.id })).toMatchObject({ withdrawn: 0 });

      await syncAll(t, [...order].reverse());
      const after = await allEqual(t);
      expect(after.findings.filter((f) => f.kind === 'campaign_issued_twice')).toEqual([]);
      for (const s of [a, b, c]) {
        expect(await couponOf(s, z.id, EARLY)).toMatchObject({ voided_at: null, used_count: 0 });
        expect(await couponOf(s, z.id, LATE)).toMatchObject({ voided_at: '2026-11-25T06:00:00.000Z', used_count: 0 });
        expect(await couponOf(s, y.id, LATE)).toMatchObject({ voided_at: null, used_count: 1 });
        expect(await couponOf(s, y.id, EARLY)).toMatchObject({ voided_at: null, used_count: 0 });
      }
      await replayTwice(t);
    });

  it('withdrawn on two tills at once, the same coupons are cancelled, the earlier cancellation kept', async () => {
    const t = await threeTills();
    const { a, b, c, z, p } = t;
    a.clock.now = new Date(EARLY);
    await a.call('campaigns.issue', { id: p.id });
    b.clock.now = new Date(LATE);
    await b.call('campaigns.issue', { id: p.id });
    await syncAll(t, ['a', 'b', 'c']);
    a.clock.now = new Date('2026-11-25T07:00:00Z');
    c.clock.now = new Date('2026-11-25T06:00:00Z');
    expect(await a.call('sync.withdrawLaterCoupons', { id: p.id })).toMatchObject({ withdrawn: 2, kept: [] });
    expect(await c.call('sync.withdrawLaterCoupons', { id: p.id })).toMatchObject({ withdrawn: 2, kept: [] });
    await syncAll(t, ['c', 'a', 'b']);
    const d = await allEqual(t);
    const cancelled = d.coupons.filter((k) => k.voided_at !== null);
    expect(cancelled).toHaveLength(2);
    expect(cancelled.every((k) => k.voided_at === '2026-11-25T06:00:00.000Z' && k.void_reason === 'issued twice')).toBe(true);
    expect((await couponOf(b, z.id, LATE)).voided_at).toBe('2026-11-25T06:00:00.000Z');
    expect((await couponOf(b, z.id, EARLY)).voided_at).toBe(null);
    await replayTwice(t);
  });

  it('is refused for a campaign issued once, and is the owner’s', async () => {
    const { a, p } = await threeTills();
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    await a.call('campaigns.issue', { id: p.id });
    expect(await a.fail('sync.withdrawLaterCoupons', { id: p.id })).toMatchObject({ code: 'CAMPAIGN_NOT_ISSUED_TWICE', field: 'id' });
    expect(await a.fail('sync.withdrawLaterCoupons', { id: '0193a000-0000-7000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await a.fail('sync.withdrawLaterCoupons', {})).toMatchObject({ code: 'VALIDATION', field: 'id' });
    const coupons = await a.call('campaigns.coupons', { id: p.id });
    expect(coupons.items.map((k) => k.state)).toEqual(['issued', 'issued']);
  });
});
