/**
 * Segments and shop-wide settings in sync (issue 18). Three real shop files (copies of one shop, as
 * a second and third till would be), one real folder, several sync orders, every feed replayed
 * twice: the same segments, segment counts, settings, rows and balances on every till; of two tills
 * changing one setting the later clock wins; a key of one computer never leaves it; an older feed
 * without these entries still applies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { encodeFeed, feedEntries, verifyFeed } from '../src/main/sync/feedFile';
import { FolderStore } from '../src/main/sync/folderStore';
import { describe as describeSync } from '../src/main/cli/sync';
import { writeRuleSetting } from '../src/main/services/ruleSettings';
import { SHOP_WIDE } from '../src/main/sync/settings';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import type { RuleGroup } from '../src/shared/contract/segments';
import { openShop, tempDir, type TestShop } from './helpers';
import { analysisDigest, copyOf, digest } from './syncTills';

const sync = (shop: TestShop, folder: string): Promise<SyncReport> =>
  syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

const spendAtLeast = (min: number): RuleGroup => ({ kind: 'group', op: 'and', rules: [{ kind: 'spend', period: { kind: 'all' }, min }] });

/** Segments, the shop-wide settings, the counts the Segments page shows, and the business rows. */
async function shopDigest(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const segments = (
    await sql<
      Record<string, unknown>
    >`SELECT hex(gid) AS gid, name, rule, created_at, updated_at, deleted_at FROM segments ORDER BY 1`.execute(db)
  ).rows;
  const settings = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'in', Object.keys(SHOP_WIDE))
    .orderBy('key')
    .execute();
  const counts = (await shop.call('segments.list', { withCounts: true })).map((s) => [s.id, s.name, s.count]);
  return { segments, settings, counts, rows: await digest(shop), analysis: await analysisDigest(shop, '2026-11-26T03:00:00Z') };
}

async function threeTills() {
  let a = await openShop();
  a.clock.now = new Date('2026-11-24T03:00:00Z');
  const people = [];
  for (const [name, phone, spend] of [
    ['Nguyễn Thị Ánh', '0912 345 678', 1_500_000],
    ['陳美玲', '+886 912 000 111', 700_000],
    ['Trần Văn Bình', '0987 654 321', 200_000],
  ] as const) {
    const c = await a.call('customers.create', { fullName: name, phone });
    await a.call('sales.record', { customerId: c.id, amount: spend });
    people.push(c);
  }
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b) });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });
  return { a, b, c, people, folder: tempDir('regulars-sync-') };
}
type Tills = Awaited<ReturnType<typeof threeTills>>;

async function syncAll(t: Tills, order: ('a' | 'b' | 'c')[]): Promise<void> {
  for (const k of order) expect((await sync(t[k], t.folder)).problems).toEqual([]);
  for (const k of ['a', 'b', 'c', 'a', 'b'] as const) await sync(t[k], t.folder);
}

async function allEqual(t: Tills) {
  const [da, db, dc] = [await shopDigest(t.a), await shopDigest(t.b), await shopDigest(t.c)];
  expect(db).toEqual(da);
  expect(dc).toEqual(da);
  return da;
}

/** Every feed applied again from the start, twice, on every till: nothing changes. */
async function replayTwice(t: Tills): Promise<void> {
  const before = await shopDigest(t.a);
  for (const s of [t.a, t.b, t.c]) {
    for (let i = 0; i < 2; i++) {
      await s.backend.ctx.db.deleteFrom('sync_peers').execute();
      for (const applied of (await sync(s, t.folder)).applied)
        expect(applied).toMatchObject({ customers: 0, sales: 0, points: 0, segments: 0, settings: 0 });
    }
    expect(await shopDigest(s)).toEqual(before);
  }
}

const ORDERS: ('a' | 'b' | 'c')[][] = [
  ['a', 'b', 'c'],
  ['c', 'b', 'a'],
  ['b', 'c', 'a', 'c'],
];

describe('segments and shop-wide settings in sync', () => {
  it.each(ORDERS)('travel, the later clock wins, local keys stay home (order %s…)', async (...order) => {
    const t = await threeTills();
    const { a, b, c, people } = t;

    // Offline. A saves "Khách lớn"; B and C each save a "VIP" (both kept); B and A rename the shop, A the later;
    // C halves the earning rule; B sets tiers; A opens itself to the LAN (this computer's alone).
    a.clock.now = new Date('2026-11-25T04:00:00Z');
    const big = await a.call('segments.save', { id: null, name: 'Khách lớn', rule: spendAtLeast(600_000) });
    b.clock.now = new Date('2026-11-25T04:01:00Z');
    const vipB = await b.call('segments.save', { id: null, name: 'VIP', rule: spendAtLeast(1_000_000) });
    c.clock.now = new Date('2026-11-25T04:02:00Z');
    const vipC = await c.call('segments.save', { id: null, name: 'vip', rule: spendAtLeast(100_000) });
    b.clock.now = new Date('2026-11-25T04:03:00Z');
    await b.call('settings.update', {
      shopName: 'Tiệm B',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      pointsRule: { every: 10_000, points: 1 },
    });
    a.clock.now = new Date('2026-11-25T04:04:00Z');
    await a.call('settings.update', {
      shopName: 'Tiệm Ánh',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      pointsRule: { every: 10_000, points: 1 },
    });
    c.clock.now = new Date('2026-11-25T04:05:00Z');
    await c.call('settings.update', {
      shopName: 'Test shop',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      pointsRule: { every: 20_000, points: 1 },
    });
    b.clock.now = new Date('2026-11-25T04:06:00Z');
    await b.call('tiers.setRule', { windowDays: 365, tiers: [{ name: 'Vàng', minSpend: 1_000_000 }] });
    // As lan.setAccess writes it (a logged settings change); the call itself needs staff accounts set up.
    await writeRuleSetting(a.backend.ctx, 'lanAccess', { enabled: true }, ['enabled']);
    await a.call('receipts.setLayout', { address: '12 Lê Lợi, Q.1', footer: 'Cảm ơn quý khách' });

    await syncAll(t, order);
    let d = await allEqual(t);
    expect(d.segments).toHaveLength(3);
    // Segment counts as the Segments page shows them, the same everywhere: two live "VIP"s kept.
    expect(d.counts.map(([, name, count]) => [name, count]).sort()).toEqual(
      [
        ['Khách lớn', 2],
        ['VIP', 1],
        ['vip', 3],
      ].sort(),
    );
    for (const s of [a, b, c]) {
      const settings = await s.call('settings.get', undefined);
      expect(settings).toMatchObject({ shopName: 'Tiệm Ánh', pointsRule: { every: 20_000, points: 1 } });
      expect((await s.call('tiers.getRule', undefined)).tiers.map((x) => x.name)).toEqual(['Vàng']);
    }
    // LAN access is A's computer's: never in a feed, never on B or C.
    const lan = async (s: TestShop) =>
      (await s.backend.ctx.db.selectFrom('settings').select('value').where('key', '=', 'lanAccess').executeTakeFirst())?.value;
    expect(await lan(a)).toBe('{"enabled":true}');
    expect(await lan(b)).toBeUndefined();
    expect(await lan(c)).toBeUndefined();
    // The receipt's address is the branch's own.
    expect(await a.call('receipts.getLayout', undefined)).toEqual({ address: '12 Lê Lợi, Q.1', footer: 'Cảm ơn quý khách' });
    expect((await b.call('receipts.getLayout', undefined)).address).toBeNull();
    for (const name of fs.readdirSync(t.folder, { recursive: true }) as string[]) {
      const file = path.join(t.folder, name);
      if (!fs.statSync(file).isFile()) continue;
      const feed = verifyFeed(fs.readFileSync(file));
      for (const e of feedEntries(feed) as { t: string; key?: string }[])
        if (e.t === 'setting') expect(Object.keys(SHOP_WIDE)).toContain(e.key);
    }

    // A synced rule counts for new purchases only: the purchases already made keep their points.
    b.clock.now = new Date('2026-11-25T05:00:00Z');
    const after = await b.call('sales.record', { customerId: people[2]!.id, amount: 400_000 });
    expect(after.sale.points).toBe(20);
    expect(d.rows.sales.map((s) => s.points).sort()).toEqual([150, 20, 70].sort());

    // Each of the two "VIP"s can still be edited under its name; a third is refused as before.
    await b.call('segments.save', { id: vipB.id, name: 'VIP', rule: spendAtLeast(1_400_000) });
    expect(await c.fail('segments.save', { id: null, name: 'Vip', rule: spendAtLeast(1) })).toMatchObject({
      code: 'VALIDATION',
      field: 'name',
    });

    // Round two: B edits A's segment, C deletes it (later); A makes a campaign for B's "VIP".
    b.clock.now = new Date('2026-11-25T05:10:00Z');
    await b.call('segments.save', { id: big.id, name: 'Khách rất lớn', rule: spendAtLeast(1_200_000) });
    c.clock.now = new Date('2026-11-25T05:20:00Z');
    await c.call('segments.delete', { id: big.id });
    a.clock.now = new Date('2026-11-25T05:30:00Z');
    const campaign = await a.call('campaigns.create', {
      name: 'VIP tháng 12',
      audience: { kind: 'segment', segmentId: vipB.id },
      offer: { kind: 'percent', percent: 5 },
      minPurchase: 0,
      validFrom: '2026-12-01',
      validTo: '2026-12-31',
    });
    await syncAll(t, [...order].reverse());
    d = await allEqual(t);
    const hex = (id: string) => id.replace(/-/g, '').toUpperCase();
    expect(d.segments.find((s) => s.gid === hex(big.id))).toMatchObject({
      name: 'Khách rất lớn',
      rule: JSON.stringify(spendAtLeast(1_200_000)),
      deleted_at: '2026-11-25T05:20:00.000Z',
    });
    expect(d.counts.map(([id]) => id).sort()).toEqual([vipB.id, vipC.id].sort());
    // The campaign's audience names a segment made on another till: it resolves and issues there.
    await c.call('campaigns.issue', { id: campaign.id });
    expect((await c.call('campaigns.coupons', { id: campaign.id })).items.map((k) => k.customerId)).toEqual([people[0]!.id]);

    await replayTwice(t);
  });

  it('two tills changing one setting: the later clock wins everywhere, whichever syncs first', async () => {
    const t = await threeTills();
    const { a, b, c } = t;
    const base = { shopName: 'Test shop', currency: 'VND', locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh' } as const;
    // C's clock runs ahead: its change is the later one though it was typed first.
    c.clock.now = new Date('2026-11-25T09:00:00Z');
    await c.call('settings.update', { ...base, pointsRule: { every: 50_000, points: 1 } });
    b.clock.now = new Date('2026-11-25T04:00:00Z');
    await b.call('settings.update', { ...base, pointsRule: { every: 5_000, points: 1 } });
    await c.call('followups.setRule', { regularVisits: 3, notBackDays: 40, capDays: 90 });
    b.clock.now = new Date('2026-11-25T04:30:00Z');
    await b.call('followups.setRule', { regularVisits: 5, notBackDays: 30, capDays: 60 });
    await syncAll(t, ['b', 'c', 'a']);
    await allEqual(t);
    for (const s of [a, b, c]) {
      expect((await s.call('settings.get', undefined)).pointsRule).toEqual({ every: 50_000, points: 1 });
      expect(await s.call('followups.getRule', undefined)).toMatchObject({ regularVisits: 3 });
    }
    // B changes it again after seeing C's: B's new clock passes C's, so B's wins now.
    b.clock.now = new Date('2026-11-25T04:40:00Z');
    await b.call('settings.update', { ...base, pointsRule: { every: 25_000, points: 1 } });
    await syncAll(t, ['a', 'c', 'b']);
    await allEqual(t);
    for (const s of [a, b, c]) expect((await s.call('settings.get', undefined)).pointsRule).toEqual({ every: 25_000, points: 1 });
    await replayTwice(t);
  });

  it('an older feed without segment or setting entries still applies, and an unknown key is skipped', async () => {
    const t = await threeTills();
    const { a, folder } = t;
    await a.call('segments.save', { id: null, name: 'VIP', rule: spendAtLeast(1_000_000) });
    await sync(a, folder);
    const before = await shopDigest(a);
    const older = '01936b2e-0000-7000-8000-0000000000f1';
    const sale = {
      id: [older, 1],
      customer: null,
      card: null,
      total: 90_000,
      points: 0,
      note: null,
      sold_at: Date.parse('2026-11-25T02:00:00Z'),
      created_at: Date.parse('2026-11-25T02:00:00Z'),
      voided_at: null,
      void_reason: null,
      source: null,
      receipt_ref: null,
      amount_before: null,
      points_redeemed: 0,
      redeemed_value: 0,
    };
    const entries = [
      { t: 'installs', list: [{ id: older, tag: 9 }] },
      { t: 'sale', sale },
      { t: 'marks', change_seq: 1, sale_key: 1, ledger_key: 0, hlc: 1 },
    ];
    await new FolderStore(folder).publish(encodeFeed(older, 1, entries));
    // A newer version's feed: a key this version does not share, and one it keeps on each computer.
    const newer = '01936b2e-0000-7000-8000-0000000000f2';
    const hlc = Date.parse('2026-11-25T10:00:00Z') * 1024;
    await new FolderStore(folder).publish(
      encodeFeed(newer, 1, [
        { t: 'installs', list: [{ id: newer, tag: 10 }] },
        { t: 'setting', key: 'someFutureKey', value: '1', hlc, install: newer },
        { t: 'setting', key: 'syncFolder', value: '"/elsewhere"', hlc, install: newer },
        { t: 'setting', key: 'shopName', value: '"Tiệm mới"', hlc, install: newer },
        { t: 'marks', change_seq: 3, sale_key: 0, ledger_key: 0, hlc },
      ]),
    );
    const r = await sync(a, folder);
    expect(r.problems).toEqual([]);
    expect(r.applied.map((x) => [x.install, x.sales, x.settings])).toEqual(
      expect.arrayContaining([
        [older, 1, 0],
        [newer, 0, 1],
      ]),
    );
    expect(describeSync(r)).toContain(
      `Received feed 1 of till ${newer}: 0 customers, 0 cards, 0 purchases, 0 voids, 0 points rows, 1 settings.`,
    );
    const after = await shopDigest(a);
    expect(after.segments).toEqual(before.segments);
    expect(after.rows.sales).toHaveLength(before.rows.sales.length + 1);
    expect((await a.call('settings.get', undefined)).shopName).toBe('Tiệm mới');
    const keys = (await a.backend.ctx.db.selectFrom('settings').select('key').execute()).map((k) => k.key);
    expect(keys).not.toContain('someFutureKey');
    expect(keys).not.toContain('syncFolder');
  });

  it('refuses a segment entry of the wrong shape whole', async () => {
    const { a, folder } = await threeTills();
    const stranger = '01936b2e-0000-7000-8000-0000000000f3';
    const clock = [1, stranger];
    await new FolderStore(folder).publish(
      encodeFeed(stranger, 1, [
        { t: 'installs', list: [{ id: stranger, tag: 9 }] },
        {
          t: 'segment',
          gid: '01936b2e-0000-7000-8000-0000000000c2',
          created_at: '2026-11-25T00:00:00.000Z',
          fields: {
            name: ['', clock],
            rule: ['not json', clock],
            updated_at: ['2026-11-25T00:00:00.000Z', clock],
            deleted_at: [null, clock],
          },
        },
        { t: 'marks', change_seq: 1, sale_key: 0, ledger_key: 0, hlc: 1 },
      ]),
    );
    const r = await sync(a, folder);
    expect(r.problems).toEqual([expect.objectContaining({ install: stranger, kind: 'malformed' })]);
    expect(await a.backend.ctx.db.selectFrom('segments').select('id').execute()).toEqual([]);
  });
});
