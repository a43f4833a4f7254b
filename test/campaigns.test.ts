import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import { entityName } from '../src/main/db/entities';
import type { Database } from '../src/main/db/schema';
import { bulkInsertCustomers } from '../src/main/services/bulk';
import { inHoldout } from '../src/main/services/campaigns/holdout';
import { apiId, storedGid } from '../src/main/services/keys';
import { customerInput } from '../src/shared/contract';
import type { CampaignAudience } from '../src/shared/contract/campaigns';
import { checkCouponCode } from '../src/shared/couponCode';
import { openShop, tempDir, type TestShop } from './helpers';
import { addCustomer, addSale, local } from './segmentFixtures';

const offer = { kind: 'percent' as const, percent: 10 };
const window = { validFrom: '2026-11-25', validTo: '2026-12-10' };

async function create(shop: TestShop, audience: CampaignAudience, extra: Record<string, unknown> = {}) {
  return shop.call('campaigns.create', { name: 'Come back', audience, offer, ...window, ...extra });
}

/** Customers C001…C00n; the even ones bought long ago (lapsed), the odd ones never. */
async function smallShop(n = 8): Promise<{ shop: TestShop; ids: string[] }> {
  const shop = await openShop();
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = await addCustomer(shop, `C${String(i).padStart(3, '0')}`);
    if (i % 2 === 0) await addSale(shop, id, local('2025-06-01'), 100_000 * i);
    ids.push(id);
  }
  return { shop, ids };
}

/** The campaign's members as stored, each customer by its API id. */
async function memberRows(shop: TestShop, campaignId: string) {
  const rows = await shop.backend.ctx.db
    .selectFrom('campaign_members as m')
    .innerJoin('campaigns as k', 'k.id', 'm.campaign_id')
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .select(['c.gid', 'm.holdout'])
    .where('k.gid', '=', storedGid(campaignId)!)
    .orderBy('m.customer_id')
    .execute();
  return rows.map((r) => ({ customer_id: apiId(r.gid), holdout: r.holdout }));
}

describe('campaigns', () => {
  it('issues one unique, valid coupon per member of a lifecycle group, once, with a change-log row each', async () => {
    const { shop, ids } = await smallShop();
    const lapsed = ids.filter((_, i) => (i + 1) % 2 === 0);
    const audience = { kind: 'lifecycle', group: 'lapsed' } as const;
    expect(await shop.call('campaigns.audienceCount', { audience })).toEqual({ count: 4 });
    const draft = await create(shop, audience);
    expect(draft).toMatchObject({ status: 'draft', members: 0, coupons: 0, offer, minPurchase: 0, holdoutPercent: 0, sharedCode: null });
    const logBefore = await shop.backend.ctx.db.selectFrom('change_log').selectAll().execute();

    const issued = await shop.call('campaigns.issue', { id: draft.id });
    expect(issued).toMatchObject({
      status: 'issued',
      members: 4,
      heldOut: 0,
      coupons: 4,
      redemptions: 0,
      issuedAt: shop.clock.now.toISOString(),
    });
    const coupons = await shop.call('campaigns.coupons', { id: draft.id });
    expect(coupons.total).toBe(4);
    expect(coupons.items.map((c) => c.customerId).sort()).toEqual([...lapsed].sort());
    expect(new Set(coupons.items.map((c) => c.code)).size).toBe(4);
    for (const c of coupons.items) {
      expect(checkCouponCode(c.code)).toEqual({ ok: true, code: c.code });
      expect(c).toMatchObject({ state: 'issued', usedCount: 0, usageLimit: 1, lastUsedAt: null });
    }
    const logAfter = await shop.backend.ctx.db.selectFrom('change_log').selectAll().execute();
    const added = logAfter.slice(logBefore.length).map((r) => `${entityName(r.entity)}:${r.op}`);
    expect(added.sort()).toEqual(['campaign:issue', 'coupon:issue', 'coupon:issue', 'coupon:issue', 'coupon:issue']);

    expect(await shop.fail('campaigns.issue', { id: draft.id })).toMatchObject({ code: 'CAMPAIGN_ALREADY_ISSUED' });
    expect((await shop.call('campaigns.coupons', { id: draft.id })).total).toBe(4);
  });

  it('keeps the snapshot: later changes to the audience do not change who holds a coupon', async () => {
    const { shop } = await smallShop();
    const c = await create(shop, { kind: 'lifecycle', group: 'never_bought' });
    await shop.call('campaigns.issue', { id: c.id });
    const before = (await shop.call('campaigns.coupons', { id: c.id })).items.map((x) => x.customerId);
    await addCustomer(shop, 'C100'); // a new never-bought customer
    const first = before[0]!;
    await addSale(shop, first, local('2026-11-24'), 50_000); // a holder buys: no longer "never bought"
    expect(await shop.call('campaigns.audienceCount', { audience: { kind: 'lifecycle', group: 'never_bought' } })).toEqual({ count: 4 });
    const after = (await shop.call('campaigns.coupons', { id: c.id })).items.map((x) => x.customerId);
    expect(after).toEqual(before);
    expect((await shop.call('campaigns.get', { id: c.id })).members).toBe(4);
  });

  it('takes its members from a saved segment, an RFM segment and a tier exactly as those screens list them', async () => {
    const { shop } = await smallShop(12);
    const seg = await shop.call('segments.save', {
      id: null,
      name: 'Big spenders',
      rule: { kind: 'group', op: 'and', rules: [{ kind: 'spend', period: { kind: 'all' }, min: 600_000 }] },
    });
    await shop.call('tiers.setRule', { windowDays: 3650, tiers: [{ name: 'Gold', minSpend: 800_000 }] });
    const cases: [CampaignAudience, () => Promise<string[]>][] = [
      [
        { kind: 'segment', segmentId: seg.id },
        async () => (await shop.call('segments.members', { rule: seg.rule, limit: 500 })).items.map((m) => m.id),
      ],
      [
        { kind: 'rfm', segment: 'about_to_sleep' },
        async () => (await shop.call('rfm.segmentMembers', { segment: 'about_to_sleep', limit: 500 })).items.map((m) => m.id),
      ],
      [
        { kind: 'tier', tier: 'Gold' },
        async () =>
          (
            await shop.call('segments.members', { rule: { kind: 'group', op: 'and', rules: [{ kind: 'tier', in: ['Gold'] }] }, limit: 500 })
          ).items.map((m) => m.id),
      ],
    ];
    for (const [audience, listed] of cases) {
      const expected = (await listed()).sort();
      const c = await create(shop, audience);
      expect(expected.length, audience.kind).toBeGreaterThan(0);
      await shop.call('campaigns.issue', { id: c.id });
      const holders = (await shop.call('campaigns.coupons', { id: c.id })).items.map((x) => x.customerId!);
      expect(holders.sort(), audience.kind).toEqual(expected);
    }
  });

  it('records the hold-out, who get no coupon, picked by a seeded hash that does not change', async () => {
    const { shop, ids } = await smallShop(40);
    const c = await create(shop, { kind: 'lifecycle', group: 'never_bought' }, { holdoutPercent: 50 });
    const issued = await shop.call('campaigns.issue', { id: c.id });
    const rows = await memberRows(shop, c.id);
    const held = rows.filter((r) => r.holdout === 1).map((r) => r.customer_id);
    expect(rows).toHaveLength(20);
    expect(issued).toMatchObject({ members: 20, heldOut: held.length, coupons: 20 - held.length });
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(20);
    for (const r of rows) expect(r.holdout).toBe(inHoldout(c.id, r.customer_id, 50) ? 1 : 0);
    expect(rows.map((r) => r.customer_id).sort()).toEqual(ids.filter((_, i) => (i + 1) % 2 === 1).sort());
    const holders = new Set((await shop.call('campaigns.coupons', { id: c.id })).items.map((x) => x.customerId));
    for (const h of held) expect(holders.has(h)).toBe(false);
  });

  it('holds out close to the share asked, and a different set for another campaign', () => {
    const customers = Array.from({ length: 20_000 }, (_, i) => `cust-${i}`);
    const a = customers.filter((id) => inHoldout('campaign-a', id, 10));
    const b = customers.filter((id) => inHoldout('campaign-b', id, 10));
    expect(a.length / customers.length).toBeGreaterThan(0.09);
    expect(a.length / customers.length).toBeLessThan(0.11);
    expect(a.filter((id) => b.includes(id)).length).toBeLessThan(a.length / 5);
    expect(customers.filter((id) => inHoldout('campaign-a', id, 0))).toEqual([]);
  });

  it('issues one shared flyer code with its usage limit and no members', async () => {
    const { shop } = await smallShop(2);
    const c = await create(shop, { kind: 'flyer', usageLimit: 50 }, { offer: { kind: 'item', text: 'Bánh quy miễn phí' } });
    expect(await shop.call('campaigns.audienceCount', { audience: { kind: 'flyer', usageLimit: 50 } })).toEqual({ count: 0 });
    const issued = await shop.call('campaigns.issue', { id: c.id });
    expect(issued).toMatchObject({ members: 0, coupons: 1, offer: { kind: 'item', text: 'Bánh quy miễn phí' } });
    expect(checkCouponCode(issued.sharedCode!).ok).toBe(true);
    const list = await shop.call('campaigns.coupons', { id: c.id });
    expect(list.items).toEqual([
      expect.objectContaining({ code: issued.sharedCode, customerId: null, usageLimit: 50, usedCount: 0, state: 'issued' }),
    ]);
    expect((await shop.call('campaigns.list', {})).map((x) => x.id)).toEqual([c.id]);
  });

  it('refuses a campaign that could not work, naming the field', async () => {
    const { shop } = await smallShop(2);
    await addSale(shop, null, local('2026-11-01'), 1_000);
    expect(await shop.fail('campaigns.issue', { id: (await create(shop, { kind: 'lifecycle', group: 'new' })).id })).toMatchObject({
      code: 'CAMPAIGN_EMPTY',
    });
    const base = { name: 'X', audience: { kind: 'lifecycle', group: 'lapsed' }, offer, ...window };
    expect(await shop.fail('campaigns.create', { ...base, offer: { kind: 'amount', amount: 50_000 }, minPurchase: 50_000 })).toMatchObject({
      code: 'VALIDATION',
      field: 'minPurchase',
    });
    expect(await shop.fail('campaigns.create', { ...base, validTo: '2026-11-24' })).toMatchObject({ code: 'VALIDATION', field: 'validTo' });
    expect(await shop.fail('campaigns.create', { ...base, offer: { kind: 'percent', percent: 100 } })).toMatchObject({
      field: 'offer.percent',
    });
    expect(await shop.fail('campaigns.create', { ...base, holdoutPercent: 60 })).toMatchObject({ field: 'holdoutPercent' });
    expect(await shop.fail('campaigns.create', { ...base, audience: { kind: 'flyer', usageLimit: 5 }, holdoutPercent: 10 })).toMatchObject({
      field: 'holdoutPercent',
    });
    expect(await shop.fail('campaigns.create', { ...base, name: '   ' })).toMatchObject({ field: 'name' });
    expect(await shop.fail('campaigns.create', { ...base, audience: { kind: 'segment', segmentId: 'nope' } })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'audience.segmentId',
    });
    expect(await shop.fail('campaigns.issue', { id: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await shop.fail('campaigns.setPaused', { id: (await shop.call('campaigns.create', base)).id, paused: true })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await shop.backend.ctx.db.selectFrom('campaigns').selectAll().execute()).toHaveLength(2);
  });

  it('issues a 10,000-member audience in one transaction, fast', async () => {
    const shop = await openShop();
    const k = { db: shop.backend.ctx.db, sqlite: shop.backend.ctx.sqlite! };
    bulkInsertCustomers(
      k,
      Array.from({ length: 10_000 }, (_, i) => ({ data: customerInput.parse({ fullName: `Khách ${i}` }) })),
    );
    const c = await create(shop, { kind: 'lifecycle', group: 'never_bought' }, { holdoutPercent: 10 });
    const started = performance.now();
    const issued = await shop.call('campaigns.issue', { id: c.id });
    const ms = performance.now() - started;
    console.log(`issue 10,000 members: ${ms.toFixed(0)} ms (${Math.round((issued.coupons / ms) * 1000)} coupons/s)`);
    expect(issued.members).toBe(10_000);
    expect(issued.heldOut).toBeGreaterThan(850);
    expect(issued.heldOut).toBeLessThan(1_150);
    expect(issued.coupons).toBe(10_000 - issued.heldOut);
    const codes = await shop.backend.ctx.db.selectFrom('coupons').select('code').execute();
    expect(new Set(codes.map((r) => r.code)).size).toBe(issued.coupons);
    expect(ms).toBeLessThan(3_000);
  });
});

describe('migration 0070_campaigns', () => {
  it('keeps the sales already there as they were (no coupon, no amount before) and adds the campaign tables', async () => {
    // Up to 0070 only: the layout it wrote is what it is checked against (0100 re-lays the tables out).
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, 'regulars.sqlite'));
    sqlite.function('area_key', { deterministic: true }, (v: unknown) => v);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      const at = migrations.findIndex((m) => m.name === '0070_campaigns');
      await migrate(db, sqlite, dir, migrations.slice(0, at));
      sqlite.exec(`INSERT INTO customers (id, code, full_name, search_name, tags, consent_marketing, created_at, updated_at)
        VALUES ('c1', 'C000001', 'Lan', 'lan', '[]', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
        INSERT INTO sales (id, customer_id, total, points, sold_at, created_at) VALUES ('s1', 'c1', 50000, 5, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')`);
      expect((await migrate(db, sqlite, dir, migrations.slice(0, at + 1))).applied).toEqual(['0070_campaigns']);
      expect(sqlite.prepare(`SELECT total, amount_before, coupon_id FROM sales WHERE id = 's1'`).get()).toEqual({
        total: 50_000,
        amount_before: null,
        coupon_id: null,
      });
      for (const table of ['campaigns', 'campaign_members', 'coupons']) {
        expect(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
      }
      expect(() => sqlite.prepare(`UPDATE sales SET coupon_id = 'nope' WHERE id = 's1'`).run()).toThrow(/FOREIGN KEY/);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
