/**
 * Inputs an attacker or a slip of the keyboard can send: extreme dates, control characters in a
 * search, rules nested far too deep. Each must get a typed answer (a value or VALIDATION), never
 * INTERNAL, a crash or a hang.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { emptyBuckets } from '../src/main/services/reports';
import { ftsPhrase } from '../src/main/services/searchText';
import { MAX_SHOP_DATE, MIN_SHOP_DATE } from '../src/shared/time';
import { count, openShop, type TestShop } from './helpers';

const group = (rules: unknown[], op = 'and') => ({ kind: 'group', op, rules });

async function shopWithSale(): Promise<{ shop: TestShop; customerId: string }> {
  const shop = await openShop();
  const c = await shop.call('customers.create', { fullName: 'Trần Văn An' });
  await shop.call('sales.record', { customerId: c.id, amount: 50_000 });
  return { shop, customerId: c.id };
}

describe('dashboard buckets at the edge of the calendar', () => {
  it('walks a period ending on 9999-12-31 and stops (it once spun forever)', () => {
    expect(emptyBuckets('9999-12-30', '9999-12-31', 'day').map((b) => b.key)).toEqual(['9999-12-30', '9999-12-31']);
    expect(emptyBuckets('9999-12-01', '9999-12-31', 'month').map((b) => [b.from, b.to])).toEqual([['9999-12-01', '9999-12-31']]);
    expect(emptyBuckets('9999-12-20', '9999-12-31', 'week')).toHaveLength(2);
  });

  it('refuses a period past the shop calendar at the contract, naming the field', async () => {
    const { shop } = await shopWithSale();
    const e = await shop.fail('reports.dashboard', { from: '9999-12-30', to: '9999-12-31', granularity: 'day' });
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'from' });
    expect(e.message).toContain(MAX_SHOP_DATE);
  });
});

describe('dates and periods are bounded at the contract', () => {
  it('answers every out-of-range date with VALIDATION and the field', async () => {
    const { shop, customerId } = await shopWithSale();
    const cases: [string, unknown, string][] = [
      ['rfm.compute', { asOf: '9999-12-31' }, 'asOf'],
      ['rfm.compute', { asOf: '2026-01-01', windowFrom: '0001-01-01' }, 'windowFrom'],
      ['rfm.customer', { asOf: '9999-12-31', customerId }, 'asOf'],
      ['rfm.segmentMembers', { asOf: '2200-01-01', segment: null }, 'asOf'],
      [
        'segments.count',
        { rule: group([{ kind: 'visits', period: { kind: 'between', from: '2020-01-01', to: '9999-12-31' }, min: 1 }]) },
        'rule.rules.0.period.to',
      ],
      ['segments.count', { rule: group([{ kind: 'firstPurchase', op: 'after', date: '9999-12-31' }]) }, 'rule.rules.0.date'],
      ['segments.members', { rule: group([{ kind: 'lastPurchase', op: 'before', date: '1899-12-31' }]) }, 'rule.rules.0.date'],
      [
        'segments.save',
        { name: 'x', rule: group([{ kind: 'spend', period: { kind: 'between', from: '2026-02-01', to: '2026-01-01' }, min: 1 }]) },
        'rule.rules.0.period.to',
      ],
      ['reports.dashboard', { from: '2026-01-01', to: '2200-01-01' }, 'to'],
      ['reports.dashboard', { from: '2026-02-01', to: '2026-01-01' }, 'to'],
      ['reports.dashboard', { from: '2026-02-30', to: '2026-03-01' }, 'from'],
      ['customers.create', { fullName: 'X', consent: { marketing: true, date: '9999-12-31' } }, 'consent.date'],
    ];
    for (const [method, input, field] of cases) {
      const r = await dispatch(shop.backend.ctx, method, input);
      expect(r, `${method} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'VALIDATION', field } });
    }
  });

  it('computes at both ends of the shop calendar without an error', async () => {
    const { shop, customerId } = await shopWithSale();
    const calls: [string, unknown][] = [
      ['rfm.compute', { asOf: MAX_SHOP_DATE, windowFrom: MIN_SHOP_DATE }],
      ['rfm.compute', { asOf: MIN_SHOP_DATE }],
      ['rfm.customer', { asOf: MAX_SHOP_DATE, customerId }],
      ['rfm.segmentMembers', { asOf: MAX_SHOP_DATE, segment: null }],
      [
        'segments.count',
        { rule: group([{ kind: 'visits', period: { kind: 'between', from: MIN_SHOP_DATE, to: MAX_SHOP_DATE }, min: 1 }]) },
      ],
      ['segments.count', { rule: group([{ kind: 'firstPurchase', op: 'after', date: MAX_SHOP_DATE }]) }],
      ['segments.count', { rule: group([{ kind: 'firstPurchase', op: 'before', date: MIN_SHOP_DATE }]) }],
      ['reports.dashboard', { from: '2199-12-01', to: MAX_SHOP_DATE, granularity: 'week' }],
      ['reports.dashboard', { from: MIN_SHOP_DATE, to: '1990-01-01', granularity: 'month' }],
    ];
    for (const [method, input] of calls) {
      const r = await dispatch(shop.backend.ctx, method, input);
      expect(r.ok, `${method} ${JSON.stringify(input)}: ${JSON.stringify(r)}`).toBe(true);
    }
    const rfm = await shop.call('rfm.compute', { asOf: MAX_SHOP_DATE });
    expect(rfm.customers).toBe(1);
  });

  it('refuses a birthday in the future or before 1900 with a clear message', async () => {
    const shop = await openShop();
    const future = await shop.fail('customers.create', { fullName: 'A', birthday: '2999-01-01' });
    expect(future).toMatchObject({ code: 'VALIDATION', field: 'birthday' });
    expect(future.message).toMatch(/future/);
    const old = await shop.fail('customers.create', { fullName: 'A', birthday: '1899-12-31' });
    expect(old).toMatchObject({ code: 'VALIDATION', field: 'birthday' });
    expect(old.message).toMatch(/1900/);
    const ok = await shop.call('customers.create', { fullName: 'A', birthday: '1900-01-01' });
    expect(ok.birthday).toBe('1900-01-01');
    expect(await count(shop, 'customers')).toBe(1);
  });
});

/** A deterministic generator (mulberry32) so a failure names a reproducible string. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  'ab\u0000',
  '\u0000',
  '\u0000\u0000\u0000abc',
  'a\u0000b\u0000c',
  '"',
  '""',
  '"abc',
  'abc"',
  '"a" OR "b"',
  'NEAR(',
  'NEAR(a b)',
  'a NOT b',
  'abc*',
  '*',
  '***',
  '^abc',
  'col:abc',
  'search_name:abc',
  '(abc',
  'abc)',
  '{abc}',
  '\ud800',
  'ab\udfffcd',
  '\ud83d',
  '😀😀😀',
  "'; DROP TABLE customers; --",
  '\t\r\n\u0007\u001b[31m',
  '\u0085\u009f\u00a0',
  '\u202e\u200f\u200b',
  ' + - ( ) . ',
  '0901 234 567\u0000',
  'Nguyễn\u0000Văn',
];

describe('search never fails on what is typed', () => {
  it('answers a NUL character in a search with results, not INTERNAL', async () => {
    const shop = await openShop();
    await shop.call('customers.create', { fullName: 'Abc Nguyễn' });
    const r = await shop.call('customers.search', { query: 'ab\u0000' });
    expect(r.total).toBe(1);
    const nul = await shop.call('customers.search', { query: 'abc\u0000' });
    expect(nul.items.map((i) => i.fullName)).toEqual(['Abc Nguyễn']);
  });

  it('builds a phrase FTS5 accepts from any text, and search answers it', async () => {
    const shop = await openShop();
    await shop.call('customers.create', { fullName: 'Nguyễn Văn Abc', phone: '0901 234 567' });
    const next = rng(19);
    const pool = [
      '\u0000',
      '"',
      "'",
      '*',
      '(',
      ')',
      ':',
      '^',
      '-',
      '+',
      ' ',
      'a',
      'b',
      'N',
      'E',
      'A',
      'R',
      'ễ',
      'đ',
      '王',
      '😀',
      '\ud800',
      '\udc00',
      '\u001f',
      '\u007f',
      '\u0085',
      '\n',
      '1',
      '0',
    ];
    const strings = [...NASTY];
    for (let i = 0; i < 400; i++) {
      const len = 1 + Math.floor(next() * 12);
      let s = '';
      for (let j = 0; j < len; j++) s += pool[Math.floor(next() * pool.length)];
      strings.push(s);
    }
    const db = shop.backend.ctx.db;
    const { sql } = await import('kysely');
    for (const s of strings) {
      const phrase = ftsPhrase(s);
      if (phrase !== null) {
        expect(phrase).not.toMatch(/\p{Cc}/u);
        await expect(
          sql`SELECT rowid FROM customers_fts WHERE customers_fts MATCH ${phrase}`.execute(db),
          JSON.stringify(s),
        ).resolves.toBeDefined();
      }
      const r = await dispatch(shop.backend.ctx, 'customers.search', { query: s });
      expect(r.ok, `${JSON.stringify(s)}: ${JSON.stringify(r)}`).toBe(true);
    }
  });
});

describe('segment rules of absurd shape', () => {
  const deep = (levels: number): unknown => {
    let rule: unknown = { kind: 'consent', marketing: true };
    for (let i = 0; i < levels; i++) rule = group([rule]);
    return rule;
  };

  it('refuses a rule nested 1,000 groups deep with VALIDATION in count, members and save', async () => {
    const shop = await openShop();
    const rule = deep(1000);
    expect(JSON.stringify(rule).length).toBeGreaterThan(30_000);
    for (const [method, input] of [
      ['segments.count', { rule }],
      ['segments.members', { rule }],
      ['segments.save', { name: 'deep', rule }],
    ] as const) {
      const e = await shop.fail(method, input);
      expect(e, method).toMatchObject({ code: 'VALIDATION', field: 'rule' });
      expect(e.message).toMatch(/nest at most/);
    }
    expect(await shop.call('segments.list', {})).toEqual([]);
  });

  it('refuses very wide rules and huge groups of empty groups before reading them', async () => {
    const shop = await openShop();
    const wide = group(Array.from({ length: 200_000 }, () => ({ kind: 'consent', marketing: true })));
    expect(await shop.fail('segments.count', { rule: wide })).toMatchObject({ code: 'VALIDATION', field: 'rule' });
    const bushy = group(Array.from({ length: 50 }, () => group(Array.from({ length: 50 }, () => group([])))));
    expect(await shop.fail('segments.count', { rule: bushy })).toMatchObject({ code: 'VALIDATION', field: 'rule' });
    // Still fine: the shapes the builder makes.
    expect((await shop.call('segments.count', { rule: deep(3) as never })).total).toBe(0);
  });

  it('turns a parse that throws into VALIDATION, never INTERNAL or a crash', async () => {
    const shop = await openShop();
    const hostile = {
      get fullName(): string {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const r = await dispatch(shop.backend.ctx, 'customers.create', hostile);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
