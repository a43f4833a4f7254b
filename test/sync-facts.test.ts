/**
 * Coupons, campaigns and consent in sync, and what offline tills cannot prevent, found and shown
 * (issue 18). Three real shop files (copies of one shop, as a second and third till would be), one
 * real folder. Each scenario is played in several sync orders; every till ends with the same rows,
 * findings included, and replaying every feed twice changes nothing.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { encodeFeed } from '../src/main/sync/feedFile';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import type { Customer } from '../src/shared/domain';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf } from './syncTills';

const PV = { points: 100, value: 10_000 };

const sync = (shop: TestShop, folder: string): Promise<SyncReport> =>
  syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

/** The rows sync must agree on, by global id: coupons and their uses, campaigns, members, points and the findings. */
async function digest(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const q = async (query: ReturnType<typeof sql<Record<string, unknown>>>) => (await query.execute(db)).rows;
  const gid = (t: string) => sql.raw(`i.id || ':' || coalesce(${t}.origin_key, ${t}.id)`);
  return {
    campaigns: await q(sql`SELECT hex(gid) AS gid, name, audience, offer_kind, offer_value, min_purchase, valid_from, valid_to,
      holdout_percent, status, issued_at, created_at, updated_at FROM campaigns ORDER BY 1`),
    members: await q(sql`SELECT hex(m.gid) AS campaign, hex(c.gid) AS customer, x.holdout FROM campaign_members x
      JOIN campaigns m ON m.id = x.campaign_id JOIN customers c ON c.id = x.customer_id ORDER BY 1, 2`),
    coupons:
      await q(sql`SELECT hex(k.gid) AS gid, k.code, hex(m.gid) AS campaign, nullif(hex(c.gid), '') AS customer, k.usage_limit, k.used_count,
      k.issued_at, k.voided_at, k.void_reason FROM coupons k JOIN campaigns m ON m.id = k.campaign_id
      LEFT JOIN customers c ON c.id = k.customer_id ORDER BY 1`),
    sales: await q(sql`SELECT ${gid('s')} AS gid, hex(c.gid) AS customer, hex(k.gid) AS coupon, s.total, s.amount_before, s.points,
      s.points_redeemed, s.voided_at FROM sales s JOIN installs i ON i.key = s.origin LEFT JOIN customers c ON c.id = s.customer_id
      LEFT JOIN coupons k ON k.id = s.coupon_id ORDER BY 1`),
    ledger: await q(sql`SELECT ${gid('p')} AS gid, hex(c.gid) AS customer, p.kind, p.points, p.created_at FROM points_ledger p
      JOIN installs i ON i.key = p.origin JOIN customers c ON c.id = p.customer_id ORDER BY 1`),
    balances: await q(sql`SELECT hex(c.gid) AS customer, sum(p.points) AS balance FROM points_ledger p
      JOIN customers c ON c.id = p.customer_id GROUP BY 1 ORDER BY 1`),
    consent: await q(sql`SELECT hex(gid) AS gid, consent_marketing, consent_date, consent_source FROM customers ORDER BY 1`),
    findings: await q(sql`SELECT kind, hex(subject) AS subject, rows, detail, at, installs FROM sync_findings ORDER BY 1, 2`),
  };
}

const lowestLot = async (shop: TestShop): Promise<number> =>
  Number(
    (
      await sql<{
        n: number | null;
      }>`SELECT min(coalesce(o.remaining, 0)) AS n FROM points_ledger l LEFT JOIN point_lots o ON o.lot_id = l.id WHERE l.lot_debt IS NOT NULL`.execute(
        shop.backend.ctx.db,
      )
    ).rows[0]?.n ?? 0,
  );

async function edit(shop: TestShop, id: string, patch: Partial<Customer>): Promise<void> {
  const { customer: got } = await shop.call('customers.get', { id });
  const c = { ...got, ...patch };
  await shop.call('customers.update', {
    id,
    data: {
      fullName: c.fullName,
      phone: c.phone,
      email: c.email,
      birthday: c.birthday,
      gender: c.gender,
      area: c.area,
      address: c.address,
      tags: c.tags,
      notes: c.notes,
      consent: c.consent,
      externalCode: c.externalCode,
    },
  });
}

const setConsent = (shop: TestShop, id: string, consent: Customer['consent']): Promise<void> => edit(shop, id, { consent });

/**
 * Till A with X (150 points), Y (never bought, consent to marketing given) holding a single-use coupon of campaign P, and a
 * single-use flyer F; B and C are copies of it (install tags 2 and 3).
 */
async function threeTills() {
  let a = await openShop({ settings: { pointsValue: PV } });
  a.clock.now = new Date('2026-11-24T03:00:00Z');
  const x = await a.call('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0912 345 678' });
  await a.call('sales.record', { customerId: x.id, amount: 1_500_000 });
  const y = await a.call('customers.create', {
    fullName: '陳美玲',
    phone: '+886 912 000 111',
    consent: { marketing: true, date: '2026-11-24', source: 'counter' },
  });
  const p = await a.call('campaigns.create', {
    name: 'Quay lại nhé',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'percent', percent: 10 },
    minPurchase: 100_000,
    validFrom: '2026-11-20',
    validTo: '2026-12-10',
  });
  await a.call('campaigns.issue', { id: p.id });
  const yCoupon = (await a.call('campaigns.coupons', { id: p.id })).items.find((k) => k.customerId === y.id)!;
  const f = await a.call('campaigns.create', {
    name: 'Tờ rơi',
    audience: { kind: 'flyer', usageLimit: 1 },
    offer: { kind: 'amount', amount: 20_000 },
    minPurchase: 50_000,
    validFrom: '2026-11-20',
    validTo: '2026-12-10',
  });
  const fIssued = await a.call('campaigns.issue', { id: f.id });
  const fCoupon = (await a.call('campaigns.coupons', { id: f.id })).items[0]!;
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a), settings: { pointsValue: PV } });
  const c = await openShop({ dir: await copyOf(b), settings: { pointsValue: PV } });
  b = await openShop({ dir: b.dir, settings: { pointsValue: PV } });
  a = await openShop({ dir: aDir, settings: { pointsValue: PV } });
  return { a, b, c, x, y, p, yCoupon, f, fCode: fIssued.sharedCode!, fCoupon, folder: tempDir('regulars-sync-') };
}

type Tills = Awaited<ReturnType<typeof threeTills>>;

/** Replays every feed from the start twice on each till (the applied marks forgotten): nothing changes. */
async function replayTwice(t: Tills): Promise<void> {
  const before = await digest(t.a);
  for (const s of [t.a, t.b, t.c]) {
    for (let i = 0; i < 2; i++) {
      await s.backend.ctx.db.deleteFrom('sync_peers').execute();
      const r = await sync(s, t.folder);
      for (const applied of r.applied)
        expect(applied).toMatchObject({ customers: 0, cards: 0, sales: 0, voids: 0, points: 0, campaigns: 0, coupons: 0 });
    }
    expect(await digest(s)).toEqual(before);
  }
}

async function allEqual(t: Tills) {
  const [da, db, dc] = [await digest(t.a), await digest(t.b), await digest(t.c)];
  expect(db).toEqual(da);
  expect(dc).toEqual(da);
  return da;
}

/** Syncs the tills in `order`, then each once more, so every till has every feed. */
async function syncAll(t: Tills, order: ('a' | 'b' | 'c')[]): Promise<void> {
  for (const k of order) {
    const r = await sync(t[k], t.folder);
    expect(r.problems).toEqual([]);
  }
  for (const k of ['a', 'b', 'c', 'a', 'b'] as const) await sync(t[k], t.folder);
}

const ORDERS: ('a' | 'b' | 'c')[][] = [
  ['a', 'b', 'c'],
  ['c', 'b', 'a'],
  ['b', 'c', 'a', 'c'],
];

describe('coupons and campaigns in sync', () => {
  it.each(ORDERS)(
    'travel and count the same everywhere; a coupon used on two offline tills is kept twice and found (order %s…)',
    async (...order) => {
      const t = await threeTills();
      const { a, b, c, x, y, p, yCoupon, fCode, fCoupon } = t;

      // A and B, offline: each sells to Y with Y's single-use coupon, and each sells the single-use flyer.
      a.clock.now = new Date('2026-11-25T04:00:00Z');
      const ya = await a.call('sales.record', { customerId: y.id, amount: 200_000, couponCode: yCoupon.code });
      await a.call('sales.record', { amount: 60_000, couponCode: fCode });
      b.clock.now = new Date('2026-11-25T04:05:00Z');
      const yb = await b.call('sales.record', { customerId: y.id, amount: 300_000, couponCode: yCoupon.code });
      await b.call('sales.record', { amount: 70_000, couponCode: fCode });
      // B makes and issues a new flyer G with two uses; C pauses campaign P.
      const g = await b.call('campaigns.create', {
        name: 'Khai trương chi nhánh 2',
        audience: { kind: 'flyer', usageLimit: 2 },
        offer: { kind: 'amount', amount: 10_000 },
        minPurchase: 50_000,
        validFrom: '2026-11-20',
        validTo: '2026-12-31',
      });
      const gCode = (await b.call('campaigns.issue', { id: g.id })).sharedCode!;
      c.clock.now = new Date('2026-11-25T04:10:00Z');
      await c.call('campaigns.setPaused', { id: p.id, paused: true });

      await syncAll(t, order);
      // C uses B's flyer once it has it: C's next feed names a coupon made on B.
      c.clock.now = new Date('2026-11-25T05:00:00Z');
      await c.call('sales.record', { amount: 80_000, couponCode: gCode });
      await syncAll(t, [...order].reverse());

      const d = await allEqual(t);
      const hex = (id: string) => id.replace(/-/g, '').toUpperCase();
      // Nothing dropped: both purchases with Y's coupon, both with the flyer, C's with G.
      expect(d.sales.filter((s) => s.coupon === hex(yCoupon.id))).toHaveLength(2);
      expect(d.sales.filter((s) => s.coupon === hex(fCoupon.id))).toHaveLength(2);
      const coupons = new Map(d.coupons.map((k) => [k.code, k]));
      expect(coupons.get(yCoupon.code)).toMatchObject({ usage_limit: 1, used_count: 2 });
      expect(coupons.get(fCode)).toMatchObject({ usage_limit: 1, used_count: 2 });
      expect(coupons.get(gCode)).toMatchObject({ usage_limit: 2, used_count: 1, customer: null });
      // Codes carry the issuing till's number: no two tills make the same one.
      expect(new Set(d.coupons.map((k) => k.code)).size).toBe(d.coupons.length);
      expect(d.campaigns.find((m) => m.gid === hex(p.id))).toMatchObject({ status: 'paused' });
      expect(d.campaigns.find((m) => m.gid === hex(g.id))).toMatchObject({ status: 'issued', name: 'Khai trương chi nhánh 2' });
      expect(d.members.filter((m) => m.campaign === hex(p.id)).map((m) => m.customer)).toEqual([hex(y.id)]);
      // The campaign pages read them as their own on a till that made neither.
      expect(await c.call('campaigns.get', { id: g.id })).toMatchObject({
        coupons: 1,
        redemptions: 1,
        sharedCode: gCode,
        status: 'issued',
      });
      const pCoupons = (await c.call('campaigns.coupons', { id: p.id })).items;
      expect(pCoupons.find((k) => k.id === yCoupon.id)).toMatchObject({ usedCount: 2, usageLimit: 1, state: 'redeemed' });

      // Found and shown: the two coupons used past their limit, with the purchases involved.
      const overused = d.findings.filter((f) => f.kind === 'coupon_overused');
      expect(overused.map((f) => f.subject).sort()).toEqual([hex(yCoupon.id), hex(fCoupon.id)].sort());
      const yFinding = overused.find((f) => f.subject === hex(yCoupon.id))!;
      expect(JSON.parse(String(yFinding.detail))).toEqual({ uses: 2, limit: 1 });
      const aId = a.backend.database.install.id;
      const bId = b.backend.database.install.id;
      expect(JSON.parse(String(yFinding.installs))).toEqual([aId, bId].sort());
      expect(JSON.parse(String(yFinding.rows))).toHaveLength(2);
      expect(yFinding.at).toBe(Date.parse('2026-11-25T04:05:00Z'));
      expect(d.findings.filter((f) => f.subject === hex(x.id))).toEqual([]);

      // The Sync page's list, on every till: the coupon, its campaign and its holder, to link to.
      for (const s of [a, b, c]) {
        const { items } = await s.call('sync.findings', {});
        const item = items.find((i) => i.kind === 'coupon_overused' && i.coupon?.id === yCoupon.id)!;
        expect(item).toMatchObject({
          coupon: { code: yCoupon.code, campaignId: p.id, campaignName: 'Quay lại nhé' },
          customer: { id: y.id, name: '陳美玲' },
          detail: { uses: 2, limit: 1 },
          at: '2026-11-25T04:05:00.000Z',
        });
        expect(item.rows.map((r) => r.kind)).toEqual(['purchase', 'purchase']);
        expect(item.tills.map((r) => r.tag).sort()).toEqual([1, 2]);
      }

      await replayTwice(t);

      // A voids its purchase with Y's coupon: one use left, the finding goes on every till.
      a.clock.now = new Date('2026-11-25T06:00:00Z');
      await a.call('sales.void', { saleId: ya.sale.id, reason: 'coupon used twice' });
      await syncAll(t, order);
      const after = await allEqual(t);
      expect(after.coupons.find((k) => k.code === yCoupon.code)).toMatchObject({ used_count: 1 });
      expect(after.findings.map((f) => f.subject)).toEqual([hex(fCoupon.id)]);
      expect(yb.sale.couponCode).toBe(yCoupon.code);
    },
  );

  it('a coupon cancelled on two tills ends with the same cancellation everywhere, the earlier one', async () => {
    const t = await threeTills();
    const { a, b, c, fCoupon } = t;
    c.clock.now = new Date('2026-11-25T04:10:00Z');
    await c.call('coupons.void', { id: fCoupon.id, reason: 'printed wrong' });
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    await a.call('coupons.void', { id: fCoupon.id, reason: 'flyer withdrawn' });
    await syncAll(t, ['c', 'b', 'a']);
    const d = await allEqual(t);
    expect(d.coupons.find((k) => k.code === fCoupon.code)).toMatchObject({
      voided_at: '2026-11-25T04:00:00.000Z',
      void_reason: 'flyer withdrawn',
    });
    expect(await b.fail('sales.record', { amount: 60_000, couponCode: fCoupon.code })).toMatchObject({ code: 'COUPON_VOID' });
    await replayTwice(t);
  });
});

describe('coupon entries and the findings list, checked at the boundary', () => {
  it('a coupon entry of the wrong shape refuses its feed whole; sync.findings refuses a bad limit', async () => {
    const { a, folder, p } = await threeTills();
    const stranger = '01936b2e-0000-7000-8000-0000000000f1';
    const coupon = {
      t: 'coupon',
      gid: '01936b2e-0000-7000-8000-0000000000c2',
      code: 'Z9-BAD',
      campaign: p.id,
      customer: null,
      usage_limit: 0,
      issued_at: '2026-11-25T00:00:00.000Z',
      voided_at: null,
      void_reason: null,
      hlc: 1,
      install: stranger,
    };
    const entries = [
      { t: 'installs', list: [{ id: stranger, tag: 9 }] },
      coupon,
      { t: 'marks', change_seq: 1, sale_key: 0, ledger_key: 0, hlc: 1 },
    ];
    await new FolderStore(folder).publish(encodeFeed(stranger, 1, entries));
    const r = await sync(a, folder);
    expect(r.problems).toEqual([
      expect.objectContaining({ install: stranger, kind: 'malformed', message: expect.stringContaining('usage_limit') }),
    ]);
    expect(await a.backend.ctx.db.selectFrom('coupons').select('id').where('code', '=', 'Z9-BAD').execute()).toEqual([]);
    expect(await a.fail('sync.findings', { limit: 0 })).toMatchObject({ code: 'VALIDATION', field: 'limit' });
    expect(await a.call('sync.findings', undefined)).toEqual({ total: 0, unseen: 0, items: [] });
  });
});

describe('a points balance below zero once redemptions met', () => {
  it.each(ORDERS)('is kept as the ledger sums it, lots never below 0, and found everywhere (order %s…)', async (...order) => {
    const t = await threeTills();
    const { a, b, x } = t;
    // X has 150 points; A and B each spend them all before they sync.
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    await a.call('sales.record', { customerId: x.id, amount: 300_000, redeemPoints: 150 });
    b.clock.now = new Date('2026-11-25T04:05:00Z');
    await b.call('sales.record', { customerId: x.id, amount: 300_000, redeemPoints: 150 });
    await syncAll(t, order);
    const d = await allEqual(t);
    const hex = x.id.replace(/-/g, '').toUpperCase();
    const sum = d.ledger.filter((l) => l.customer === hex).reduce((n, l) => n + Number(l.points), 0);
    expect(d.balances.find((r) => r.customer === hex)!.balance).toBe(sum);
    expect(sum).toBe(150 - 150 + 28 - 150 + 28);
    for (const s of [t.a, t.b, t.c]) {
      expect(await lowestLot(s)).toBeGreaterThanOrEqual(0);
      expect((await s.call('customers.get', { id: x.id })).stats.pointsBalance).toBe(sum);
    }
    const found = d.findings.filter((f) => f.kind === 'balance_below_zero');
    expect(found.map((f) => f.subject)).toEqual([hex]);
    expect(JSON.parse(String(found[0]!.detail))).toEqual({ lowest: -122, balance: -94 });
    expect(JSON.parse(String(found[0]!.installs))).toEqual([b.backend.database.install.id]);
    expect(found[0]!.at).toBe(Date.parse('2026-11-25T04:05:00Z'));
    const { items } = await t.c.call('sync.findings', {});
    expect(items.find((i) => i.kind === 'balance_below_zero')).toMatchObject({
      customer: { id: x.id, name: 'Nguyễn Thị Ánh' },
      coupon: null,
      detail: { lowest: -122, balance: -94 },
    });
    await replayTwice(t);

    // Points given back later: the balance is positive again, but it did go below zero: still shown.
    a.clock.now = new Date('2026-11-25T07:00:00Z');
    await a.call('points.adjust', { customerId: x.id, points: 200, reason: 'goodwill' });
    await syncAll(t, order);
    expect((await allEqual(t)).findings.filter((f) => f.kind === 'balance_below_zero')).toHaveLength(1);
  });
});

describe('consent in sync', () => {
  /** The two tills of a copy whose install ids sort `lower` < `higher`. */
  async function twoTills() {
    const t = await threeTills();
    const [lower, higher] = [t.a, t.b].sort((p, q) => (p.backend.database.install.id < q.backend.database.install.id ? -1 : 1));
    return { ...t, lower: lower!, higher: higher! };
  }

  /** Makes each till's last change log entry (its consent edit) carry the same HLC: a tie constructed on purpose. */
  async function sameHlc(shops: TestShop[]): Promise<void> {
    const lasts = await Promise.all(
      shops.map(
        async (s) =>
          await s.backend.ctx.db
            .selectFrom('change_log')
            .select(['seq', 'hlc', 'entity'])
            .orderBy('seq', 'desc')
            .limit(1)
            .executeTakeFirstOrThrow(),
      ),
    );
    for (const l of lasts) expect(l.entity).toBe(1);
    const hlc = Math.max(...lasts.map((l) => l.hlc));
    for (const [i, s] of shops.entries())
      await s.backend.ctx.db.updateTable('change_log').set({ hlc }).where('seq', '=', lasts[i]!.seq).execute();
  }

  it.each([false, true])('a withdrawal wins a tie at the same HLC, whichever till syncs first (reversed: %s)', async (reversed) => {
    const t = await twoTills();
    const { y, lower, higher } = t;
    const now = new Date('2026-11-25T04:00:00Z');
    // The till with the higher install id, which plain last-writer-wins would prefer, grants consent; the other withdraws it.
    lower.clock.now = now;
    higher.clock.now = now;
    await setConsent(higher, y.id, { marketing: true, date: '2026-11-25', source: 'zalo' });
    await setConsent(lower, y.id, { marketing: false, date: null, source: null });
    await sameHlc([higher, lower]);
    const order: TestShop[] = reversed ? [lower, higher, lower] : [higher, lower, higher];
    for (const s of order) await sync(s, t.folder);
    for (const s of [lower, higher]) {
      const { customer } = await s.call('customers.get', { id: y.id });
      expect(customer.consent).toEqual({ marketing: false, date: null, source: null });
    }
    expect((await digest(lower)).consent).toEqual((await digest(higher)).consent);
  });

  it('otherwise the latest consent event wins, its date and source with it; other fields still merge field by field', async () => {
    const t = await twoTills();
    const { y, a, b, c } = t;
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    await setConsent(a, y.id, { marketing: false, date: null, source: null });
    b.clock.now = new Date('2026-11-25T04:05:00Z');
    await setConsent(b, y.id, { marketing: true, date: '2026-11-25', source: 'paper form' });
    // Later on A: only the notes change; consent is not touched, so it is not a consent event.
    a.clock.now = new Date('2026-11-25T04:30:00Z');
    await edit(a, y.id, { notes: 'prefers Zalo' });
    await syncAll(t, ['a', 'b', 'c']);
    for (const s of [a, b, c]) {
      const got = (await s.call('customers.get', { id: y.id })).customer;
      expect(got.consent).toEqual({ marketing: true, date: '2026-11-25', source: 'paper form' });
      expect(got.notes).toBe('prefers Zalo');
    }
    await replayTwice(t);
  });
});
