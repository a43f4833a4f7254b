/**
 * Bringing a shop's history in as an owner meets it (issue 13, items 11–13): a Vietnamese POS
 * export read without changing settings, a file of bare customer numbers, and the RFM segments of
 * the imported history equal to what an analyst's pandas gives on the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/main/db/migrate';
import { migrations } from '../src/main/db/migrations';
import type { Database } from '../src/main/db/schema';
import { count, openShop, tempDir } from './helpers';

describe('import formats follow the file, then the shop', () => {
  // A Vietnamese till: day-first dates, dots grouping thousands.
  const VI_POS = [
    'receipt,customer,date,amount',
    'HD1,,13/06/2026 09:30,125.000',
    'HD2,,01/06/2026,1.250.000',
    'HD3,,02/06/2026 18:05,45.000',
  ].join('\n');

  it('reads a Vietnamese POS export in a vi/VND shop with no settings changed', async () => {
    const shop = await openShop();
    const preview = await shop.call('imports.preview', { csv: VI_POS });
    expect(preview.errors).toEqual([]);
    expect(preview.formats).toEqual({ dateFormat: { value: 'dmy', how: 'file' }, decimalMark: { value: ',', how: 'file' } });
    expect(preview.rows.map((r) => [r.soldAt, r.amount])).toEqual([
      ['2026-06-13T02:30:00.000Z', 125_000],
      ['2026-05-31T17:00:00.000Z', 1_250_000],
      ['2026-06-02T11:05:00.000Z', 45_000],
    ]);
    // No customer on a row: a walk-in purchase, counted as such.
    expect(preview.counts).toMatchObject({ valid: 3, walkIns: 3, errorRows: 0, points: 0 });
    const done = await shop.call('imports.commit', { csv: VI_POS });
    expect(done).toMatchObject({ imported: 3, walkIns: 3, customersCreated: 0 });
    const sales = await shop.backend.ctx.db.selectFrom('sales').select(['customer_id', 'points']).execute();
    expect(sales).toEqual([
      { customer_id: null, points: 0 },
      { customer_id: null, points: 0 },
      { customer_id: null, points: 0 },
    ]);
  });

  it('the file wins over the shop; the shop decides only what the file leaves open', async () => {
    const us = await openShop({ settings: { currency: 'USD', locale: 'en', timeZone: 'America/New_York' } });
    // Day first and a comma decimal are visible in this file, whatever the shop usually writes.
    const eu = 'receipt,customer,date,amount\nE1,,13/06/2026,"1.234,50"\nE2,,14/06/2026,"12,5"\n';
    expect((await us.call('imports.preview', { csv: eu })).formats).toEqual({
      dateFormat: { value: 'dmy', how: 'file' },
      decimalMark: { value: ',', how: 'file' },
    });
    // 01/06 and 02/06 could be either; 1250 has no mark: each shop's own convention applies.
    const open = 'receipt,customer,date,amount\nA1,,01/06/2026,1250\nA2,,02/06/2026,99\n';
    const inUs = await us.call('imports.preview', { csv: open });
    expect(inUs.formats).toEqual({ dateFormat: { value: 'mdy', how: 'shop' }, decimalMark: { value: '.', how: 'shop' } });
    expect(inUs.rows[0]!.soldAt).toBe('2026-01-06T05:00:00.000Z');
    const vi = await openShop();
    const inVi = await vi.call('imports.preview', { csv: open });
    expect(inVi.formats).toEqual({ dateFormat: { value: 'dmy', how: 'shop' }, decimalMark: { value: ',', how: 'shop' } });
    expect(inVi.rows[0]!.soldAt).toBe('2026-05-31T17:00:00.000Z');
    // A Taiwanese shop's tills write the year first with slashes.
    const tw = await openShop({ settings: { currency: 'TWD', locale: 'zh-Hant', timeZone: 'Asia/Taipei' } });
    const twPreview = await tw.call('imports.preview', { csv: 'receipt,customer,date,amount\nT1,,2026/06/13 10:00,1280\n' });
    expect(twPreview.formats.dateFormat).toEqual({ value: 'iso', how: 'file' });
    expect(twPreview.rows[0]!.soldAt).toBe('2026-06-13T02:00:00.000Z');
    // A choice the person makes is kept, even against the file.
    const chosen = await vi.call('imports.preview', { csv: VI_POS, options: { dateFormat: 'mdy', decimalMark: '.' } });
    expect(chosen.formats).toEqual({ dateFormat: { value: 'mdy', how: 'chosen' }, decimalMark: { value: '.', how: 'chosen' } });
    expect(chosen.counts.errorRows).toBe(3);
  });

  it('refuses an unknown format choice at the boundary', async () => {
    const shop = await openShop();
    expect(await shop.fail('imports.preview', { csv: VI_POS, options: { dateFormat: 'ymd' } })).toMatchObject({
      code: 'VALIDATION',
      field: 'options.dateFormat',
    });
  });
});

describe('customers from a file of customer numbers', () => {
  // The README's own header: customer numbers from an old till, no names.
  const NUMBERS = [
    'receipt,customer,date,amount',
    'R1,1042,2026-10-01 09:00,50000',
    'R2,1042,2026-10-02 09:00,70000',
    'R3,7,2026-10-03 09:00,30000',
    'R4,C000005,2026-10-04 09:00,20000',
  ].join('\n');

  it('creates them with the file code as their code, named by it and flagged for completion', async () => {
    const shop = await openShop();
    const existing = await shop.call('customers.create', { fullName: 'Trần Thị Lan' });
    expect(existing.code).toBe('C000001');
    const preview = await shop.call('imports.preview', { csv: NUMBERS, options: { createCustomers: true } });
    expect(preview.errors).toEqual([]);
    expect(preview.counts).toMatchObject({ valid: 4, customersToCreate: 3, customersWithoutDetails: 3 });
    expect(preview.rows.map((r) => [r.customerCode, r.customerName, r.createsCustomer, r.detailsMissing])).toEqual([
      ['1042', '1042', true, true],
      ['1042', '1042', true, true],
      ['7', '7', true, true],
      ['C000005', 'C000005', true, true],
    ]);
    const done = await shop.call('imports.commit', { csv: NUMBERS, options: { createCustomers: true } });
    expect(done).toMatchObject({ imported: 4, customersCreated: 3, customersWithoutDetails: 3 });

    const found = await shop.call('customers.search', { query: '1042' });
    const page = await shop.call('customers.get', { id: found.items[0]!.id });
    expect(page.customer).toMatchObject({ code: '1042', fullName: '1042', externalCode: '1042', detailsMissing: true });
    expect(page.stats).toMatchObject({ visits: 2, totalSpend: 120_000, pointsBalance: 0 });

    // The shop's own codes go on past an imported code of their form: never C000005 again.
    const next = await shop.call('customers.create', { fullName: 'Lê Văn Minh' });
    expect(next.code).toBe('C000006');
    expect(next.detailsMissing).toBe(false);

    // Completing the customer's details clears the flag.
    const saved = await shop.call('customers.update', { id: page.customer.id, data: { fullName: 'Phạm Thị Thu', externalCode: '1042' } });
    expect(saved).toMatchObject({ code: '1042', fullName: 'Phạm Thị Thu', detailsMissing: false });

    // The same file again finds them by their code: nothing new.
    const again = await shop.call('imports.commit', { csv: NUMBERS, options: { createCustomers: true } });
    expect(again).toMatchObject({ imported: 0, skippedAlreadyImported: 4, customersCreated: 0 });
    expect(await count(shop, 'customers')).toBe(5);
  });

  it('a code differing only in case from another is refused by line, not half-written', async () => {
    const shop = await openShop();
    const csv = 'receipt,customer,date,amount\nX1,kh1,2026-10-01,1000\nX2,KH1,2026-10-02,1000\n';
    const preview = await shop.call('imports.preview', { csv, options: { createCustomers: true } });
    expect(preview.errors.map((e) => [e.line, e.code])).toEqual([[3, 'customer_code_taken']]);
    expect(await shop.fail('imports.commit', { csv, options: { createCustomers: true } })).toMatchObject({ code: 'IMPORT_HAS_ERRORS' });
    expect(await count(shop, 'customers')).toBe(0);
  });

  it('earns points for past purchases only when the owner chooses so, recorded with their source', async () => {
    const shop = await openShop();
    const done = await shop.call('imports.commit', {
      csv: NUMBERS,
      fileName: 'old-till.csv',
      options: { createCustomers: true, earnPoints: true },
    });
    expect(done.points).toBe(5 + 7 + 3 + 2);
    const ledger = await shop.backend.ctx.db.selectFrom('points_ledger').select(['kind', 'reason']).distinct().execute();
    expect(ledger).toEqual([{ kind: 'earn', reason: 'import:old-till.csv' }]);
  });
});

// ---------------------------------------------------------------------------------------------
// The analyst's side, written out plainly (no app code): what this pandas script prints.
//
//   df = pd.read_csv("history.csv", parse_dates=["date"])       # customer: int64
//   g = df.groupby("customer").agg(last=("date", "max"), frequency=("receipt", "count"),
//                                  monetary=("amount", "sum"))   # sorted by customer, numerically
//   g["recency"] = (as_of - g["last"].dt.normalize()).dt.days
//   r = pd.qcut(g.recency, 5, labels=[5, 4, 3, 2, 1])
//   f = pd.qcut(g.frequency.rank(method="first"), 5, labels=[1, 2, 3, 4, 5])
//   m = pd.qcut(g.monetary, 5, labels=[1, 2, 3, 4, 5])
//   segment = the usual named map of (r, f)
// ---------------------------------------------------------------------------------------------

/** np.percentile(values, q * 100) with the default linear interpolation. */
function percentile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** pd.qcut(values, 5) → bin 0..4: right-closed bins, the lowest edge included. */
function qcut5(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges = [0, 0.2, 0.4, 0.6, 0.8, 1].map((q) => percentile(sorted, q));
  expect(new Set(edges).size).toBe(6); // pandas would raise otherwise
  return values.map((x) => {
    for (let b = 1; b <= 5; b++) if (x <= edges[b]!) return b - 1;
    throw new Error('outside the edges');
  });
}

/** Series.rank(method="first"): ties take ranks in the order the rows stand. */
function rankFirst(values: number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Array<number>(values.length);
  order.forEach((row, k) => (ranks[row] = k + 1));
  return ranks;
}

/** The usual named RFM map, by recency score (rows 1–5) and frequency score (columns 1–5). */
const NAMED_MAP = [
  ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
  ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
  ['new_customers', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
];

interface Purchase {
  receipt: string;
  customer: string;
  day: string;
  amount: number;
}

/** Segment sizes as pandas gives them, the customers ordered by `order` before ranking. */
function analystCounts(purchases: Purchase[], asOf: string, order: (a: string, b: string) => number): Record<string, number> {
  const by = new Map<string, { last: string; frequency: number; monetary: number }>();
  for (const p of purchases) {
    const c = by.get(p.customer) ?? { last: p.day, frequency: 0, monetary: 0 };
    c.frequency++;
    c.monetary += p.amount;
    if (p.day > c.last) c.last = p.day;
    by.set(p.customer, c);
  }
  const customers = [...by.keys()].sort(order).map((k) => by.get(k)!);
  const days = (d: string) => Date.parse(d + 'T00:00:00Z') / 86_400_000;
  const r = qcut5(customers.map((c) => days(asOf) - days(c.last))).map((b) => 5 - b);
  const f = qcut5(rankFirst(customers.map((c) => c.frequency))).map((b) => b + 1);
  const counts: Record<string, number> = {};
  customers.forEach((_, i) => {
    const name = NAMED_MAP[r[i]! - 1]![f[i]! - 1]!;
    counts[name] = (counts[name] ?? 0) + 1;
  });
  return counts;
}

describe("an imported history's RFM equals the analyst's on the same file", () => {
  /**
   * 40 customers numbered so that text and number order disagree (7 < 10 < 100, "10" < "100" <
   * "7"); 30 of them bought once, so the frequency ties, broken by customer order, decide who
   * scores 1, 2 or 3. Every customer's last purchase is on a day of their own (no recency ties).
   */
  function history(): Purchase[] {
    const codes = Array.from({ length: 40 }, (_, i) =>
      String([7, 10, 100, 3, 25, 250, 9, 90, 1000, 42][i % 10]! + 1000 * Math.floor(i / 10)),
    );
    const out: Purchase[] = [];
    let receipt = 0;
    codes.forEach((code, i) => {
      const lastDaysAgo = 1 + ((i * 17) % 40) * 3; // a permutation of 40 distinct values
      const visits = i % 4 === 3 ? 2 + (i % 3) : 1; // 10 regulars, 30 one-off buyers
      for (let v = 0; v < visits; v++) {
        const d = new Date(Date.UTC(2026, 10, 25) - (lastDaysAgo + 7 * v) * 86_400_000).toISOString().slice(0, 10);
        out.push({ receipt: `S${++receipt}`, customer: code, day: d, amount: 10_000 + i * 1_000 + v });
      }
    });
    return out;
  }

  it('segment counts match pandas, whose ties follow the numeric customer order', async () => {
    const purchases = history();
    const asOf = '2026-11-25';
    const numeric = analystCounts(purchases, asOf, (a, b) => Number(a) - Number(b));
    const asText = analystCounts(purchases, asOf, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // The file is one where the order of ties changes the answer.
    expect(numeric).not.toEqual(asText);

    const shop = await openShop();
    const csv = ['receipt,customer,date,amount', ...purchases.map((p) => `${p.receipt},${p.customer},${p.day} 12:00,${p.amount}`)].join(
      '\n',
    );
    const done = await shop.call('imports.commit', { csv, fileName: 'history.csv', options: { createCustomers: true } });
    expect(done).toMatchObject({ imported: purchases.length, customersCreated: 40 });

    const summary = await shop.call('rfm.compute', { asOf });
    const app = Object.fromEntries(summary.segments.filter((s) => s.size > 0).map((s) => [s.segment, s.size]));
    expect(summary.customers).toBe(40);
    expect(app).toEqual(numeric);
  });
});

describe('migration 0053_customer_details_missing', () => {
  it('adds the flag as 0 for the customers already there, and accepts only 0 or 1', async () => {
    const dir = tempDir();
    const sqlite = new BetterSqlite3(path.join(dir, 'regulars.sqlite'));
    sqlite.function('area_key', { deterministic: true }, (v: unknown) => v);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      const at = migrations.findIndex((m) => m.name === '0053_customer_details_missing');
      await migrate(db, sqlite, dir, migrations.slice(0, at));
      sqlite
        .prepare(
          `INSERT INTO customers (id, code, full_name, search_name, tags, consent_marketing, created_at, updated_at)
           VALUES ('c1', 'C000001', 'Lan', 'lan', '[]', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
        )
        .run();
      expect((await migrate(db, sqlite, dir, migrations)).applied).toContain('0053_customer_details_missing');
      expect(sqlite.prepare(`SELECT details_missing FROM customers WHERE code = 'C000001'`).pluck().get()).toBe(0);
      expect(() => sqlite.prepare(`UPDATE customers SET details_missing = 2`).run()).toThrow(/CHECK/);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
