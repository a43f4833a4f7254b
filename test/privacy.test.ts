/**
 * Issue 17 through dispatch on real files: merging duplicates moves every fact and keeps balances
 * exact; erasing keeps the shop's figures and leaves no personal data; a person's export; the
 * whole shop's export.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ENTITY_CODES } from '../src/main/db/entities';
import { keyOf } from '../src/main/services/keys';
import { csvCell, jsonRow } from '../src/main/services/privacy/exportAll';
import { count, openShop, tempDir, type TestShop } from './helpers';
import { lotFaults } from './pointLots';

/** A customer's local key (what rows point to since 0100) from its API id. */
const key = (shop: TestShop, id: string): Promise<number> => keyOf(shop.backend.ctx.db, 'customers', id, 'customer', 'id');

const PERIOD = { from: '2026-01-01', to: '2026-12-31', granularity: 'month' as const };

async function at(shop: TestShop, iso: string): Promise<void> {
  shop.clock.now = new Date(iso);
}

async function sale(shop: TestShop, iso: string, input: { customerId?: string; cardNumber?: string; amount: number; note?: string }) {
  await at(shop, iso);
  return (
    await shop.call('sales.record', { amount: input.amount, customerId: input.customerId, cardNumber: input.cardNumber, note: input.note })
  ).sale;
}

/** Open lots (point_lots rows, 0112, keyed in spending order), each checked against its ledger row. */
async function lotsOf(shop: TestShop, customerId: string) {
  expect(lotFaults(shop)).toEqual([]);
  return shop.backend.ctx.db
    .selectFrom('point_lots')
    .select(['lot_id as id', 'remaining', 'created_at', 'expiry_key'])
    .where('customer_id', '=', await key(shop, customerId))
    .orderBy('expiry_key')
    .orderBy('created_at')
    .orderBy('lot_id')
    .execute();
}

async function pointsState(shop: TestShop, customerId: string) {
  const db = shop.backend.ctx.db;
  const k = await key(shop, customerId);
  const ledger = await db
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.sum<number>('points').as('s'))
    .where('customer_id', '=', k)
    .executeTakeFirstOrThrow();
  const lots = await db
    .selectFrom('point_lots')
    .select((eb) => eb.fn.sum<number>('remaining').as('s'))
    .where('customer_id', '=', k)
    .executeTakeFirstOrThrow();
  const page = await shop.call('customers.get', { id: customerId });
  return { ledger: Number(ledger.s ?? 0), lots: Number(lots.s ?? 0), balance: page.stats.pointsBalance };
}

/**
 * Ana (C000001) and her duplicate "Ana N." (C000002), each with a card, purchases interleaved in
 * time, a personal coupon, and Ana's duplicate owing 5 points from an owner's adjustment.
 */
async function duplicates() {
  const shop = await openShop({
    now: '2026-03-01T03:00:00Z',
    settings: { pointsValue: { points: 10, value: 1_000 }, pointsExpiryMonths: 12 },
  });
  const ana = await shop.call('customers.create', { fullName: 'Nguyễn Thị Ana', phone: '0912 345 678', tags: ['vip'] });
  const dup = await shop.call('customers.create', { fullName: 'Ana N.', email: 'ana@example.vn', birthday: '1990-05-04' });
  const other = await shop.call('customers.create', { fullName: 'Trần Bảo' });
  const campaign = await shop.call('campaigns.create', {
    name: 'Chào mừng',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'percent', percent: 10 },
    minPurchase: 10_000,
    validFrom: '2026-03-01',
    validTo: '2026-12-31',
  });
  await shop.call('campaigns.issue', { id: campaign.id });
  const anaCard = await shop.call('cards.issue', { customerId: ana.id });
  const dupCard = await shop.call('cards.issue', { customerId: dup.id });
  await sale(shop, '2026-03-02T03:00:00Z', { cardNumber: anaCard.number, amount: 100_000 });
  await sale(shop, '2026-03-05T03:00:00Z', { cardNumber: dupCard.number, amount: 50_000 });
  await sale(shop, '2026-04-01T03:00:00Z', { cardNumber: anaCard.number, amount: 30_000 });
  await sale(shop, '2026-04-10T03:00:00Z', { cardNumber: dupCard.number, amount: 70_000 });
  await sale(shop, '2026-04-11T03:00:00Z', { customerId: other.id, amount: 20_000 });
  await at(shop, '2026-04-12T03:00:00Z');
  // 12 points earned, 17 taken: the duplicate owes 5.
  await shop.call('points.adjust', { customerId: dup.id, points: -17, reason: 'double counted', belowZero: true });
  return { shop, ana, dup, other, anaCard, dupCard, campaignId: campaign.id };
}

describe('merging duplicates', () => {
  it('moves purchases, cards, points, coupons and memberships, and keeps every balance exact', async () => {
    const { shop, ana, dup, other, anaCard, dupCard, campaignId } = await duplicates();
    const [anaKey, dupKey, otherKey] = [await key(shop, ana.id), await key(shop, dup.id), await key(shop, other.id)];
    const before = await shop.call('reports.dashboard', PERIOD);
    const rfmBefore = await shop.call('rfm.compute', { asOf: '2026-04-30' });
    expect(await pointsState(shop, dup.id)).toEqual({ ledger: -5, lots: 0, balance: -5 });
    expect(await pointsState(shop, ana.id)).toEqual({ ledger: 13, lots: 13, balance: 13 });

    await at(shop, '2026-05-01T03:00:00Z');
    const m = await shop.call('customers.merge', {
      survivorId: ana.id,
      absorbedId: dup.id,
      choices: { email: 'absorbed', birthday: 'absorbed' },
    });
    expect(m.moved).toEqual({
      sales: 2,
      pointsLedger: 3,
      pointLots: 2,
      cards: 1,
      coupons: 1,
      campaignMemberships: 0,
      feedback: 0,
      tierFloors: 0,
      responsibleStaff: 0,
    });
    expect(m.survivor).toMatchObject({ fullName: 'Nguyễn Thị Ana', email: 'ana@example.vn', birthday: '1990-05-04', tags: ['vip'] });
    expect(m.survivor.phone).toBe('0912 345 678');

    // Stats of the survivor are the union; the absorbed has none left.
    const page = await shop.call('customers.get', { id: ana.id });
    expect(page.stats).toMatchObject({
      visits: 4,
      totalSpend: 250_000,
      firstVisit: '2026-03-02T03:00:00.000Z',
      lastVisit: '2026-04-10T03:00:00.000Z',
    });
    const stats = await shop.backend.ctx.db.selectFrom('customer_stats').selectAll().where('customer_id', 'in', [anaKey, dupKey]).execute();
    expect(stats).toEqual([
      {
        customer_id: anaKey,
        visits: 4,
        spend: 250_000,
        first_at: Date.parse('2026-03-02T03:00:00.000Z'),
        last_at: Date.parse('2026-04-10T03:00:00.000Z'),
      },
    ]);

    // Points: balance = ledger = lots (the duplicate's debt is paid from Ana's oldest lot).
    expect(await pointsState(shop, ana.id)).toEqual({ ledger: 8, lots: 8, balance: 8 });
    const lots = await lotsOf(shop, ana.id);
    expect(lots.map((l) => [l.created_at, l.remaining])).toEqual([
      [Date.parse('2026-03-02T03:00:00.000Z'), 5],
      [Date.parse('2026-04-01T03:00:00.000Z'), 3],
    ]);

    // One active card; the duplicate's number still finds Ana at the counter and sells to her.
    const cards = page.cards;
    expect(cards.filter((c) => c.status === 'active').map((c) => c.number)).toEqual([anaCard.number]);
    expect(cards.find((c) => c.number === dupCard.number)).toMatchObject({ status: 'replaced', replacedByNumber: anaCard.number });
    const swipe = await shop.call('cards.lookup', { number: dupCard.number });
    expect(swipe.customer.id).toBe(ana.id);
    expect(swipe.card.number).toBe(anaCard.number);
    const viaOldCard = await sale(shop, '2026-05-02T03:00:00Z', { cardNumber: dupCard.number, amount: 10_000 });
    expect(viaOldCard.customerId).toBe(ana.id);
    // A till still holding the duplicate's id sells to the survivor too.
    const viaOldId = await sale(shop, '2026-05-02T04:00:00Z', { customerId: dup.id, amount: 10_000 });
    expect(viaOldId.customerId).toBe(ana.id);

    // Coupons: the duplicate's personal coupon is Ana's now.
    const coupons = await shop.backend.ctx.db
      .selectFrom('coupons')
      .select(['customer_id'])
      .where('campaign_id', '=', await keyOf(shop.backend.ctx.db, 'campaigns', campaignId, 'campaign', 'id'))
      .execute();
    expect(coupons.map((c) => c.customer_id).sort()).toEqual([anaKey, anaKey, otherKey].sort());

    // Hidden: not in search, its page leads to the survivor; the merge is recorded.
    const found = await shop.call('customers.search', { query: 'ana' });
    expect(found.items.map((c) => c.id)).toEqual([ana.id]);
    expect(await shop.fail('customers.get', { id: dup.id })).toMatchObject({
      code: 'CUSTOMER_MERGED',
      params: { survivorId: ana.id, survivorCode: ana.code },
    });
    const rec = await shop.backend.ctx.db.selectFrom('customer_merges').selectAll().executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ survivor_id: anaKey, absorbed_id: dupKey, merged_at: '2026-05-01T03:00:00.000Z' });
    expect(rec.gid).toHaveLength(16);
    expect(JSON.parse(rec.choices)).toMatchObject({ email: 'absorbed', fullName: 'survivor' });
    // Every moved row is logged, and the log's times stay strictly increasing (two writers in one transaction).
    const log = await shop.backend.ctx.db.selectFrom('change_log').select(['hlc', 'entity', 'op']).orderBy('seq').execute();
    log.slice(1).forEach((e, i) => expect(e.hlc).toBeGreaterThan(log[i]!.hlc));
    expect(log.filter((e) => e.entity === ENTITY_CODES.sale && e.op === 'update')).toHaveLength(2);
    const row = await shop.backend.ctx.db.selectFrom('customers').selectAll().where('id', '=', dupKey).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ merged_into: anaKey, erased_at: '2026-05-01T03:00:00.000Z' });

    // The shop's figures: revenue and visits unchanged; one buyer fewer (they were one person).
    const after = await shop.call('reports.dashboard', PERIOD);
    expect(after.totals.revenue).toBe(before.totals.revenue + 20_000);
    expect(after.totals.visits).toBe(before.totals.visits + 2);
    const rfmAfter = await shop.call('rfm.compute', { asOf: '2026-04-30' });
    expect(rfmAfter.revenue).toBe(rfmBefore.revenue);
    expect(rfmAfter.customers).toBe(rfmBefore.customers - 1);
  });

  it("puts an old system's sales keyed by the absorbed code on the survivor", async () => {
    const { shop, ana, dup } = await duplicates();
    await shop.call('customers.merge', { survivorId: ana.id, absorbedId: dup.id });
    const csv = `receipt,customer,date,amount\nOLD-1,${dup.code},2026-02-01,30000\n`;
    await shop.call('imports.commit', { csv });
    const imported = await shop.backend.ctx.db
      .selectFrom('sales')
      .select('customer_id')
      .where('receipt_ref', '=', 'OLD-1')
      .executeTakeFirstOrThrow();
    expect(imported.customer_id).toBe(await key(shop, ana.id));
  });

  it('refuses a merge with itself, with an erased or already merged customer', async () => {
    const { shop, ana, dup, other } = await duplicates();
    expect(await shop.fail('customers.merge', { survivorId: ana.id, absorbedId: ana.id })).toMatchObject({
      code: 'VALIDATION',
      field: 'absorbedId',
    });
    expect(await shop.fail('customers.merge', { survivorId: ana.id, absorbedId: dup.id, choices: { points: 'absorbed' } })).toMatchObject({
      code: 'VALIDATION',
    });
    await shop.call('customers.merge', { survivorId: ana.id, absorbedId: dup.id });
    expect(await shop.fail('customers.merge', { survivorId: other.id, absorbedId: dup.id })).toMatchObject({
      code: 'CUSTOMER_MERGED',
      field: 'id',
    });
    await shop.call('customers.erase', { id: other.id });
    expect(await shop.fail('customers.merge', { survivorId: ana.id, absorbedId: other.id })).toMatchObject({
      code: 'CUSTOMER_ERASED',
      field: 'absorbedId',
    });
  });

  it('takes the external code from the absorbed side, and a chain of merges leads to the last survivor', async () => {
    const shop = await openShop();
    const a = await shop.call('customers.create', { fullName: 'A', externalCode: 'OLD-1' });
    const b = await shop.call('customers.create', { fullName: 'B', externalCode: 'OLD-2' });
    const c = await shop.call('customers.create', { fullName: 'C' });
    const m = await shop.call('customers.merge', { survivorId: a.id, absorbedId: b.id, choices: { externalCode: 'absorbed' } });
    expect(m.survivor.externalCode).toBe('OLD-2');
    await shop.call('customers.merge', { survivorId: c.id, absorbedId: a.id });
    const rows = await shop.backend.ctx.db
      .selectFrom('customers')
      .select(['id', 'merged_into'])
      .where('id', 'in', [await key(shop, a.id), await key(shop, b.id)])
      .execute();
    expect(rows.map((r) => r.merged_into)).toEqual([await key(shop, c.id), await key(shop, c.id)]);
    expect(await shop.fail('customers.get', { id: b.id })).toMatchObject({ code: 'CUSTOMER_MERGED', params: { survivorId: c.id } });
  });
});

describe('merging what later issues added to a customer', () => {
  it('moves ratings and hand-set tiers, takes over a responsible staff member only where the survivor has none, and erase blanks the notes', async () => {
    const { shop, ana, dup } = await duplicates();
    await shop.call('tiers.setRule', {
      windowDays: 365,
      tiers: [{ name: 'Gold', minSpend: 500_000, benefit: 'Free cake', multiplier: 1 }],
    });
    await shop.call('feedback.record', { customerId: dup.id, rating: 2, note: 'Cà phê nguội', idempotencyKey: 'k-rate-1' });
    await shop.call('tiers.setFloor', { customerId: dup.id, tier: 'Gold', until: '2026-12-31', reason: 'Mother of the owner' });
    const staff = await shop.call('staff.setupOwner', { name: 'Chủ', pin: '2468' });
    await shop.call('staff.setResponsible', { customerId: dup.id, staffId: staff.id });

    const m = await shop.call('customers.merge', { survivorId: ana.id, absorbedId: dup.id, choices: {} });
    expect(m.moved).toMatchObject({ feedback: 1, tierFloors: 1, responsibleStaff: 1 });
    expect((await shop.call('feedback.list', { customerId: ana.id })).count).toBe(1);
    expect((await shop.call('tiers.status', { customerId: ana.id })).tier).toBe('Gold');
    expect(await shop.call('staff.responsibleFor', { customerId: ana.id })).toMatchObject({ staffId: staff.id });

    await shop.call('customers.erase', { id: ana.id });
    const notes = await shop.backend.ctx.db.selectFrom('feedback').select(['note', 'rating']).execute();
    expect(notes).toEqual([{ note: null, rating: 2 }]);
  });
});

describe('erasing a customer', () => {
  it('keeps the shop figures and leaves no personal data in the row, search, change log or exports', async () => {
    const { shop, ana, dup, anaCard } = await duplicates();
    await at(shop, '2026-04-20T03:00:00Z');
    // A retried create keeps its answer (with the name) for 7 days: erasing must drop it.
    const keyed = await shop.call('customers.create', {
      fullName: 'Lê Văn Khoa',
      phone: '0987 654 321',
      email: 'khoa@example.vn',
      idempotencyKey: 'create-khoa-1',
    });
    await sale(shop, '2026-04-21T03:00:00Z', { customerId: keyed.id, amount: 40_000, note: 'bánh sinh nhật cho Khoa' });
    await shop.call('customers.merge', { survivorId: ana.id, absorbedId: dup.id });
    const dashBefore = await shop.call('reports.dashboard', PERIOD);
    const rfmBefore = await shop.call('rfm.compute', { asOf: '2026-04-30' });

    await at(shop, '2026-05-01T03:00:00Z');
    const erased = await shop.call('customers.erase', { id: ana.id });
    expect(erased).toMatchObject({ id: ana.id, code: ana.code, changed: true });
    const erasedKhoa = await shop.call('customers.erase', { id: keyed.id });
    expect(erasedKhoa.changed).toBe(true);

    // Every figure stays; only the names shown in the top-customers list are gone.
    const gone = new Set([ana.id, keyed.id]);
    const anonymous = (d: typeof dashBefore) => ({
      ...d,
      topCustomers: d.topCustomers.map((c) => (gone.has(c.id) ? { ...c, fullName: '' } : c)),
    });
    expect(await shop.call('reports.dashboard', PERIOD)).toEqual(anonymous(dashBefore));
    expect(await shop.call('rfm.compute', { asOf: '2026-04-30' })).toEqual(rfmBefore);

    const db = shop.backend.ctx.db;
    for (const id of [ana.id, dup.id, keyed.id]) {
      const row = await db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', await key(shop, id))
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        full_name: '',
        search_name: '',
        phone: null,
        phone_digits: null,
        phone_canonical: null,
        email: null,
        email_norm: null,
        birthday: null,
        area: null,
        address: null,
        notes: null,
        tags: '[]',
        consent_marketing: 0,
        external_code: null,
      });
      expect(row.erased_at).not.toBeNull();
    }
    const personal = ['Ana', 'ana@example', '912345678', '0912', 'Khoa', 'khoa@', '987654321', 'sinh nhật', 'vip'];
    const fts = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM customers_fts WHERE customers_fts MATCH ${'"ana"'} OR customers_fts MATCH ${'"912345678"'}`.execute(db);
    expect(Number(fts.rows[0]!.n)).toBe(0);
    expect((await shop.call('customers.search', { query: 'khoa' })).total).toBe(0);
    expect((await shop.call('customers.search', { query: '0987654321' })).total).toBe(0);
    const log = JSON.stringify(await db.selectFrom('change_log').selectAll().execute());
    const keys = JSON.stringify(await db.selectFrom('idempotency_keys').selectAll().execute());
    const notes = await db
      .selectFrom('sales')
      .select('note')
      .where('customer_id', '=', await key(shop, keyed.id))
      .execute();
    expect(notes).toEqual([{ note: null }]);
    const mailing = await shop.call('exports.contacts', { selection: { kind: 'all' }, format: 'excel', includeWithoutConsent: true });
    const whole = await shop.call('shop.exportAll', {});
    const files = whole.files.map((f) => fs.readFileSync(path.join(whole.folder, f.name), 'utf8')).join('\n');
    for (const p of personal) {
      expect(log).not.toContain(p);
      expect(keys).not.toContain(p);
      expect(mailing.content).not.toContain(p);
      expect(files).not.toContain(p);
    }
    expect(await shop.fail('customers.exportOne', { id: ana.id })).toMatchObject({ code: 'CUSTOMER_ERASED' });
    expect(await shop.fail('customers.get', { id: ana.id })).toMatchObject({ code: 'CUSTOMER_ERASED' });
    expect(await shop.fail('cards.lookup', { number: anaCard.number })).toMatchObject({ code: 'CUSTOMER_ERASED' });

    // Idempotent: nothing changes the second time, not even the log.
    const logged = (
      await db
        .selectFrom('change_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    expect(await shop.call('customers.erase', { id: ana.id })).toMatchObject({ changed: false, erasedAt: erased.erasedAt });
    expect(
      (
        await db
          .selectFrom('change_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ).toBe(logged);
  });

  it('refuses an unknown id and points a merged one at the survivor', async () => {
    const { shop, ana, dup } = await duplicates();
    expect(await shop.fail('customers.erase', { id: 'nobody' })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    await shop.call('customers.merge', { survivorId: ana.id, absorbedId: dup.id });
    expect(await shop.fail('customers.erase', { id: dup.id })).toMatchObject({ code: 'CUSTOMER_MERGED' });
  });
});

describe("a person's export", () => {
  it('holds profile, merged-in records, consent history, cards, purchases, points and coupons, as JSON and CSV', async () => {
    const { shop, ana, dup, anaCard, dupCard } = await duplicates();
    await at(shop, '2026-04-15T03:00:00Z');
    await shop.call('customers.update', {
      id: ana.id,
      data: { fullName: '=HYPERLINK("x")', phone: '0912 345 678', consent: { marketing: true, source: 'form' } },
    });
    await shop.call('customers.merge', { survivorId: ana.id, absorbedId: dup.id });
    const { json, csv } = await shop.call('customers.exportOne', { id: ana.id });
    expect(json.filename).toBe(`customer-${ana.code}-2026-04-15.json`);
    const data = JSON.parse(json.content);
    expect(data.profile.map((p: { code: string }) => p.code)).toEqual([ana.code, dup.code]);
    expect(data.profile[1].email).toBe('ana@example.vn');
    expect(data.consent[0]).toMatchObject({ kind: 'current', marketing: true, source: 'form', at: '2026-04-15' });
    expect(data.consent.map((c: { kind: string }) => c.kind)).toEqual(['current', 'recorded', 'recorded', 'changed']);
    expect(data.cards.map((c: { number: string }) => c.number).sort()).toEqual([anaCard.number, dupCard.number].sort());
    expect(data.purchases).toHaveLength(4);
    expect(data.points).toHaveLength(5);
    expect(data.balance).toBe(8);
    expect(data.coupons).toHaveLength(2);
    expect(csv.content.startsWith('\uFEFFprofile\r\n')).toBe(true);
    for (const section of ['consent', 'cards', 'purchases', 'points', 'coupons']) expect(csv.content).toContain(`\r\n${section}\r\n`);
    expect(csv.content).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.content).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csv.content).toContain(',adjust,-17,double counted,');
    const logged = await shop.backend.ctx.db
      .selectFrom('change_log')
      .selectAll()
      .where('entity', '=', ENTITY_CODES.customer_export)
      .execute();
    expect(logged).toMatchObject([{ entity_id: await key(shop, ana.id), op: 'create', data: null }]);
  });
});

describe("the whole shop's export", () => {
  it('gives two exports in the same second a folder each (the fuzz run found a 500)', async () => {
    const shop = await openShop();
    await shop.call('customers.create', { fullName: 'Lan' });
    const [a, b] = await Promise.all([shop.call('shop.exportAll', {}), shop.call('shop.exportAll', {})]);
    expect(a.folder).not.toBe(b.folder);
    expect(b.folder.startsWith(a.folder) || a.folder.startsWith(b.folder)).toBe(true);
  });

  it('lets the counter sell while it writes, and holds the shop as it was when it began', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Lan' });
    const sqlite = shop.backend.ctx.sqlite!;
    const ins = sqlite.prepare(
      `INSERT INTO sales (customer_id, total, points, sold_at, created_at, source, origin) VALUES (?, 1000, 0, ?, ?, 'import', 1)`,
    );
    const customer = await key(shop, c.id);
    const t = Date.parse('2026-01-01T00:00:00.000Z');
    sqlite.transaction(() => {
      for (let i = 0; i < 10_000; i++) ins.run(customer, t, t);
    })();
    let exportDone = false;
    const running = shop.call('shop.exportAll', {}).then((r) => ((exportDone = true), r));
    await new Promise((resolve) => setImmediate(resolve));
    await shop.call('sales.record', { customerId: c.id, amount: 5_000 });
    expect(exportDone).toBe(false);
    const r = await running;
    expect(r.files.find((f) => f.name === 'sales.csv')!.rows).toBe(10_000);
    expect(await count(shop, 'sales')).toBe(10_001);
  });

  it('writes every table as CSV and one JSON, privately, with every row', async () => {
    const { shop } = await duplicates();
    const r = await shop.call('shop.exportAll', {});
    expect(path.dirname(r.folder)).toBe(path.join(shop.dir, 'exports'));
    const names = r.files.map((f) => f.name);
    expect(names).toContain('customers.csv');
    expect(names).toContain('sales.csv');
    expect(names).toContain('shop.json');
    expect(names).not.toContain('customers_fts.csv');
    const rows = Object.fromEntries(r.files.map((f) => [f.name, f.rows]));
    expect(rows['customers.csv']).toBe(3);
    expect(rows['sales.csv']).toBe(5);
    const all = JSON.parse(fs.readFileSync(path.join(r.folder, 'shop.json'), 'utf8'));
    expect(all.tables.sales).toHaveLength(5);
    // As the app shows them (0100 stores ms, NULL defaults and entity codes).
    expect(all.tables.sales[0]).toMatchObject({ sold_at: '2026-03-02T03:00:00.000Z', source: 'counter', voided_at: null });
    expect(all.tables.points_ledger[0]).toMatchObject({ kind: 'earn', reason: 'purchase', created_at: '2026-03-02T03:00:00.000Z' });
    expect(all.tables.points_ledger[0].expires_at).toBe('2027-03-02T03:00:00.000Z');
    // An open lot's draw-order key (0112) as the expiry it stands for.
    expect(all.tables.point_lots.map((l: { expiry_key: string }) => l.expiry_key)).toContain('2027-03-02T03:00:00.000Z');
    expect(all.tables.customer_stats[0].first_at).toBe('2026-03-02T03:00:00.000Z');
    expect(new Set(all.tables.change_log.map((e: { entity: string }) => e.entity))).toContain('customer');
    expect(all.tables.customers.map((c: { full_name: string }) => c.full_name).sort()).toEqual(['Ana N.', 'Nguyễn Thị Ana', 'Trần Bảo']);
    const customersCsv = fs.readFileSync(path.join(r.folder, 'customers.csv'), 'utf8');
    expect(customersCsv.startsWith('\uFEFFid,gid,code,full_name')).toBe(true);
    // The global id as the app shows it: the same id as the API's and a person's export.
    const ana = (await shop.call('customers.search', { query: 'Nguyễn Thị Ana' })).items[0]!;
    expect(customersCsv).toContain(`,${ana.id},${ana.code},`);
    const logged = await shop.backend.ctx.db.selectFrom('change_log').selectAll().where('entity', '=', ENTITY_CODES.shop_export).execute();
    expect(logged).toMatchObject([{ entity_id: 0, op: 'create', data: JSON.stringify([path.basename(r.folder)]) }]);
    expect(customersCsv.trimEnd().split('\r\n')).toHaveLength(4);
    if (process.platform !== 'win32') {
      expect(fs.statSync(r.folder).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(r.folder, 'shop.json')).mode & 0o777).toBe(0o600);
    }
  });
});

describe('cells of the full export', () => {
  it('neutralises formulas in text, keeps numbers, quotes separators and writes global ids as UUIDs, other binaries as hex', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell(-17)).toBe('-17');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
    const gid = Buffer.from('0193a1b2c3d4e5f60718293a4b5c6d7e', 'hex');
    expect(csvCell(gid)).toBe('0193a1b2-c3d4-e5f6-0718-293a4b5c6d7e');
    expect(JSON.parse(jsonRow({ gid, n: 1 }))).toEqual({ gid: '0193a1b2-c3d4-e5f6-0718-293a4b5c6d7e', n: 1 });
    expect(csvCell(Buffer.from('00ff', 'hex'))).toBe('00ff');
  });
});

describe('export-all on the command line', () => {
  const root = path.resolve(__dirname, '..');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/regulars.mjs'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, REGULARS_DATA_DIR: '' },
    });

  it('writes the files to --to and refuses a folder that already holds files', async () => {
    const { shop } = await duplicates();
    await shop.backend.close();
    const to = path.join(tempDir(), 'leaving');
    const r = cli('export-all', '--data-dir', shop.dir, '--to', to);
    expect(r.stderr).not.toMatch(/^regulars:/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`to ${to}`);
    expect(fs.readFileSync(path.join(to, 'sales.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(6);
    const again = cli('export-all', '--data-dir', shop.dir, '--to', to);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('not an empty folder');
  });
});
