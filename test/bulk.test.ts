import { describe, expect, it, vi } from 'vitest';
import { customerInput, type CustomerInput } from '../src/shared/contract';
import { checkCardNumber } from '../src/shared/cardNumber';
import { logChange } from '../src/main/db/changeLog';
import { BulkRowError, bulkInsertCustomers, bulkInsertSales, bulkIssueCards, uuidv7Generator } from '../src/main/services/bulk';
import { SEARCH_COUNT_AHEAD } from '../src/main/services/customers';
import { digitsOf } from '../src/shared/phone';
import { foldText } from '../src/shared/search';
import { gidText } from '../src/shared/gid';
import { count, openShop, type TestShop } from './helpers';

const person = (fullName: string, extra: Partial<CustomerInput> = {}) => ({ data: customerInput.parse({ fullName, ...extra }) });

async function ledgerOf(shop: TestShop, saleKey: number) {
  return shop.backend.ctx.db
    .selectFrom('points_ledger')
    .select(['kind', 'points', 'created_at'])
    .select((eb) =>
      eb
        .case()
        .when('lot_debt', 'is not', null)
        .then(
          eb.fn.coalesce(eb.selectFrom('point_lots as o').select('o.remaining').whereRef('o.lot_id', '=', 'points_ledger.id'), eb.lit(0)),
        )
        .end()
        .as('remaining'),
    )
    .where('sale_id', '=', saleKey)
    .orderBy('kind')
    .execute();
}

const ms = (iso: string): number => Date.parse(iso);

describe('bulk path', () => {
  it('inserts customers with sequential codes, searchable, logged', async () => {
    const shop = await openShop();
    const one = await shop.call('customers.create', { fullName: 'Trần Văn An' });
    expect(one.code).toBe('C000001');
    const { ids, codes } = bulkInsertCustomers(
      shop.backend.database,
      [
        person('Nguyễn Thị Ánh', { phone: '0901 234 567', consent: { marketing: true, source: 'import' } }),
        person('王小明', { tags: ['vip'] }),
        person('Đặng Hữu Phước', { birthday: '1990-05-04' }),
      ],
      { now: () => shop.clock.now },
    );
    expect(codes).toEqual(['C000002', 'C000003', 'C000004']);
    expect(new Set(ids).size).toBe(3);
    // The per-row service continues after the reserved block.
    expect((await shop.call('customers.create', { fullName: 'Next' })).code).toBe('C000005');
    const found = await shop.call('customers.search', { query: 'nguyen thi' });
    expect(found.items.map((c) => c.id)).toEqual([ids[0]]);
    expect((await shop.call('customers.search', { query: 'dang' })).items.map((c) => c.code)).toEqual(['C000004']);
    expect((await shop.call('customers.search', { query: '234' })).total).toBe(1);
    const page = await shop.call('customers.get', { id: ids[0]! });
    expect(page.customer.consent).toEqual({ marketing: true, date: '2026-11-25', source: 'import' });
    expect(await count(shop, 'change_log')).toBeGreaterThanOrEqual(5);
  });

  it('issues cards that the till accepts, one active per customer', async () => {
    const shop = await openShop();
    const { ids } = bulkInsertCustomers(shop.backend.database, [person('A'), person('B')]);
    const cards = bulkIssueCards(shop.backend.database, ids);
    expect(cards.numbers.every((n) => checkCardNumber(n).ok)).toBe(true);
    expect(new Set(cards.numbers).size).toBe(2);
    const counter = await shop.call('cards.lookup', { number: cards.numbers[1]! });
    expect(counter.customer.id).toBe(ids[1]);
    expect(() => bulkIssueCards(shop.backend.database, [ids[0]!])).toThrow(BulkRowError);
    expect(await count(shop, 'cards')).toBe(2);
  });

  it('records sales with points, ledger rows and reversed voids', async () => {
    const shop = await openShop(); // rule: 1 point per 10,000
    const {
      ids: [customerId],
    } = bulkInsertCustomers(shop.backend.database, [person('Lê Minh')]);
    const { ids, keys, pointsEarned } = bulkInsertSales(shop.backend.database, [
      { customerId: customerId!, amount: 125_000, soldAt: '2025-01-02T03:04:05.000Z' },
      {
        customerId: customerId!,
        amount: 50_000,
        soldAt: '2025-01-03T03:04:05.000Z',
        voidedAt: '2025-01-03T04:00:00.000Z',
        voidReason: 'typo',
      },
      { customerId: null, amount: 80_000, soldAt: '2025-01-04T03:04:05.000Z', receiptRef: 'R-1' },
      { customerId: customerId!, amount: 5_000, soldAt: '2025-01-05T03:04:05.000Z' },
    ]);
    expect(pointsEarned).toBe(12);
    expect(ids).toEqual(keys.map(String));
    // The earning is the lot (0100): what is left of it (its point_lots row, 0112); the voided one was drawn back whole.
    expect(await ledgerOf(shop, keys[0]!)).toEqual([
      { kind: 'earn', points: 12, created_at: ms('2025-01-02T03:04:05.000Z'), remaining: 12 },
    ]);
    expect(await ledgerOf(shop, keys[1]!)).toEqual([
      { kind: 'earn', points: 5, created_at: ms('2025-01-03T03:04:05.000Z'), remaining: 0 },
      { kind: 'reverse', points: -5, created_at: ms('2025-01-03T04:00:00.000Z'), remaining: null },
    ]);
    expect(await ledgerOf(shop, keys[2]!)).toEqual([]);
    expect(await ledgerOf(shop, keys[3]!)).toEqual([]);
    const draws = await shop.backend.ctx.db.selectFrom('point_draws').select(['lot_id', 'points']).execute();
    expect(draws).toEqual([{ lot_id: expect.any(Number), points: 5 }]);
    // A purchase's creation is not logged (0100); defaults are stored as NULL, the origin is this install.
    const stored = await shop.backend.ctx.db
      .selectFrom('sales')
      .select(['source', 'origin', 'origin_key'])
      .where('id', '=', keys[0]!)
      .execute();
    expect(stored).toEqual([{ source: 'import', origin: 1, origin_key: null }]);
    expect(await shop.backend.ctx.db.selectFrom('change_log').select('entity').where('entity', '=', 3).execute()).toEqual([]);
    const earnReason = await shop.backend.ctx.db.selectFrom('points_ledger').select('reason').where('kind', '=', 'earn').execute();
    expect(earnReason.every((r) => r.reason === null)).toBe(true);
    const page = await shop.call('customers.get', { id: customerId! });
    expect(page.stats).toMatchObject({ visits: 2, totalSpend: 130_000, pointsBalance: 12, lastVisit: '2025-01-05T03:04:05.000Z' });
    expect(page.sales.find((s) => s.id === ids[1])).toMatchObject({ voidReason: 'typo', points: 5 });
    // The same (source, receipt) twice is refused by the unique index.
    expect(() =>
      bulkInsertSales(shop.backend.database, [{ customerId: null, amount: 1, soldAt: '2025-01-06T00:00:00.000Z', receiptRef: 'R-1' }]),
    ).toThrow(BulkRowError);
  });

  it('takes customers and cards by local key as well as by API id', async () => {
    const shop = await openShop();
    const { ids, keys } = bulkInsertCustomers(shop.backend.database, [person('An'), person('Bình')]);
    expect(keys).toEqual([1, 2]);
    const cards = bulkIssueCards(shop.backend.database, [keys[0]!, ids[1]!]);
    expect((await shop.call('cards.lookup', { number: cards.numbers[0]! })).customer.id).toBe(ids[0]);
    expect((await shop.call('cards.lookup', { number: cards.numbers[1]! })).customer.id).toBe(ids[1]);
    const sales = bulkInsertSales(shop.backend.database, [
      { customerId: keys[1]!, cardId: cards.keys[1]!, amount: 20_000, soldAt: '2025-03-01T00:00:00.000Z', source: 'counter' },
      { customerId: ids[1]!, cardId: cards.ids[1]!, amount: 30_000, soldAt: '2025-03-02T00:00:00.000Z', source: 'counter' },
    ]);
    const rows = await shop.backend.ctx.db.selectFrom('sales').select(['customer_id', 'card_id', 'source']).orderBy('id').execute();
    expect(rows).toEqual([
      { customer_id: keys[1], card_id: cards.keys[1], source: null },
      { customer_id: keys[1], card_id: cards.keys[1], source: null },
    ]);
    const page = await shop.call('customers.get', { id: ids[1]! });
    expect(page.sales.map((s) => s.id).sort()).toEqual([...sales.ids].sort());
    // An API id that names nothing fails its row like an unknown key.
    expect(() =>
      bulkInsertSales(shop.backend.database, [
        { customerId: '0190a000-0000-7000-8000-000000000000', amount: 1, soldAt: '2025-03-03T00:00:00.000Z' },
      ]),
    ).toThrow(/No customer with this id/);
  });

  it('writes nothing when one row fails', async () => {
    const shop = await openShop();
    const {
      ids: [customerId],
    } = bulkInsertCustomers(shop.backend.database, [person('Chen')]);
    const before = { sales: await count(shop, 'sales'), ledger: await count(shop, 'points_ledger'), log: await count(shop, 'change_log') };
    let err: unknown;
    try {
      bulkInsertSales(shop.backend.database, [
        { customerId: customerId!, amount: 100_000, soldAt: '2025-02-01T00:00:00.000Z' },
        { customerId: 999_999, amount: 100_000, soldAt: '2025-02-01T00:00:00.000Z' },
      ]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BulkRowError);
    expect((err as BulkRowError).index).toBe(1);
    expect(String((err as BulkRowError).cause)).toMatch(/FOREIGN KEY/);
    expect({ sales: await count(shop, 'sales'), ledger: await count(shop, 'points_ledger'), log: await count(shop, 'change_log') }).toEqual(
      before,
    );
    // A failed customer block gives its reserved codes back (the sequence update rolled back too).
    expect(() =>
      bulkInsertCustomers(shop.backend.database, [person('X', { externalCode: 'E1' }), person('Y', { externalCode: 'E1' })]),
    ).toThrow(BulkRowError);
    expect((await shop.call('customers.create', { fullName: 'Z' })).code).toBe('C000002');
  });

  it('joins a surrounding kysely transaction, without a savepoint of its own', async () => {
    const shop = await openShop();
    const database = shop.backend.database;
    // A savepoint made every statement walk SQLite's in-memory sub-journal: quadratic in the rows.
    const ownTransaction = vi.spyOn(database.sqlite, 'transaction');
    await expect(
      database.db.transaction().execute(async (trx) => {
        bulkInsertCustomers(database, [person('Inside')]);
        await logChange(trx, 'settings', 0, 'z', new Date().toISOString());
        throw new Error('roll back everything');
      }),
    ).rejects.toThrow('roll back everything');
    expect(await count(shop, 'customers')).toBe(0);
    // A failing row leaves the caller's transaction to roll back: all of it, earlier rows included.
    const before = { sales: await count(shop, 'sales'), ledger: await count(shop, 'points_ledger'), log: await count(shop, 'change_log') };
    await expect(
      database.db.transaction().execute(async () => {
        const { ids } = bulkInsertCustomers(database, [person('Kept only if committed')]);
        bulkInsertSales(database, [
          { customerId: ids[0]!, amount: 50_000, soldAt: '2025-01-06T00:00:00.000Z' },
          { customerId: 999_999, amount: 50_000, soldAt: '2025-01-06T00:00:00.000Z' },
        ]);
      }),
    ).rejects.toThrow(BulkRowError);
    expect(ownTransaction).not.toHaveBeenCalled();
    expect({ sales: await count(shop, 'sales'), ledger: await count(shop, 'points_ledger'), log: await count(shop, 'change_log') }).toEqual(
      before,
    );
    expect(await count(shop, 'customers')).toBe(0);
    expect(await shop.backend.ctx.db.selectFrom('customer_stats').selectAll().execute()).toEqual([]);
  });

  it('makes ordered, unique UUIDv7 ids', () => {
    const next = uuidv7Generator();
    const ids = Array.from({ length: 5000 }, next);
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || ids[i - 1]! < id)).toBe(true);
  });
});

/**
 * Search takes different paths by breadth (FTS for narrow matches, a walk of the name index for
 * broad and short ones); whichever it takes, the page must be exactly what a plain filter and sort
 * of everyone gives, and the total exact or (for broad matches) the count-ahead.
 */
describe('search over a bulk-loaded shop', () => {
  it('matches a brute-force filter on every path', async () => {
    const shop = await openShop();
    const given = ['An', 'Ánh', 'Phương', 'Đức', 'Linh', 'Thảo', 'Hùng', 'Yến'];
    const rows = Array.from({ length: 1500 }, (_, i) => {
      const fullName =
        i < 1100
          ? `Nguyễn ${i % 3 ? 'Văn' : 'Thị'} ${given[i % given.length]} ${i}`
          : i < 1130
            ? i % 2
              ? '王芳'
              : '王小芳'
            : `Trần ${given[i % given.length]}`;
      return person(fullName, { phone: `09${String(i * 7919).padStart(8, '0')}` });
    });
    bulkInsertCustomers(shop.backend.database, rows);
    const all = (await shop.backend.ctx.db.selectFrom('customers').select(['gid', 'code', 'search_name', 'phone']).execute()).map((c) => ({
      ...c,
      id: gidText(c.gid),
    }));
    const expected = (query: string) => {
      const digits = /^[\d\s+().-]+$/.test(query.trim()) ? digitsOf(query) : '';
      const term = digits || foldText(query);
      return all
        .filter(
          (c) =>
            c.search_name.includes(term) ||
            (/^\d+$/.test(term) && digitsOf(c.phone ?? '').includes(term)) ||
            (term.length >= 3 && c.code.toLowerCase().includes(term)),
        )
        .sort((a, b) => (a.search_name < b.search_name ? -1 : a.search_name > b.search_name ? 1 : a.code < b.code ? -1 : 1))
        .map((c) => c.id);
    };
    const cases: [string, number, number][] = [
      ['nguyen', 0, 50], // broad: walks the index, total is the count-ahead
      ['Nguyễn Văn', 600, 50], // broad, deep page
      ['ng', 0, 8], // short
      ['王芳', 0, 8], // two Chinese characters
      ['王', 0, 50],
      ['phuong 1', 0, 50], // narrow: FTS
      ['Đức', 0, 20],
      ['0900', 0, 50], // phone digits
      ['c0001', 0, 50], // codes
      ['', 0, 50],
      ['zzz', 0, 50],
    ];
    for (const [query, offset, limit] of cases) {
      const want = expected(query);
      const got = await shop.call('customers.search', { query, offset, limit });
      expect(
        got.items.map((c) => c.id),
        query,
      ).toEqual(want.slice(offset, offset + limit));
      const cap = offset + limit + SEARCH_COUNT_AHEAD;
      if (query === '' || want.length < cap) expect(got.total, query).toBe(want.length);
      else expect(got.total, query).toBe(cap);
    }
  });

  it('walks the covering live-name index for broad and short searches', async () => {
    const shop = await openShop();
    const plan = (q: string, ...args: unknown[]) =>
      (shop.backend.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    const walk = plan(
      `SELECT c.rowid FROM customers c WHERE c.erased_at IS NULL AND (instr(c.search_name, ?) > 0 OR instr(c.phone_digits, ?) > 0)
       ORDER BY c.search_name, c.code LIMIT ?`,
      'ng',
      'ng',
      250,
    );
    expect(walk).toMatch(/SCAN c USING COVERING INDEX customers_live_name/);
    expect(walk).not.toMatch(/TEMP B-TREE/);
    expect(plan(`SELECT count(*) FROM customers WHERE erased_at IS NULL`)).toMatch(/COVERING INDEX customers_live_name/);
  });
});
