import { describe, expect, it } from 'vitest';
import type { Rule, RuleGroup } from '../src/shared/contract/segments';
import { openShop, type TestShop } from './helpers';
import { ENTITY_CODES } from '../src/main/db/entities';
import { installKey } from '../src/main/services/keys';
import { addCustomer, addSale, customerKey, local } from './segmentFixtures';

/**
 * Today is 2026-11-25 in the shop (UTC+7). Five live customers and one erased:
 *  A C000001 female, born 1990-11-25 (36 today), "Quận 1", tags vip+coffee, consent; 18 points;
 *    bought 2026-01-10 30k, 10-01 50k, 11-20 100k → returning
 *  B C000002 male, born 1990-11-26 (35 until tomorrow), "quận 1", tags coffee;
 *    one purchase today at 00:30 local (still yesterday in UTC) 200k → new
 *  C C000003 no gender/birthday, "Binh Thanh", consent; one purchase 2026-06-01 40k → lapsed
 *  D C000004 other, born 2010-01-01 (16), tags tea and «say "coffee» (its JSON text holds "coffee"
 *    in quotes: the tag prefilter's trap); never bought
 *  E C000005 erased (never in any segment)
 *  F C000006 female, 5 points; bought 20k on the 1st of each month June–November → loyal
 */
async function shopWithCustomers(): Promise<{ shop: TestShop; id: Record<string, string> }> {
  const shop = await openShop();
  const id: Record<string, string> = {};
  id.A = await addCustomer(shop, 'C000001', {
    full_name: 'An',
    gender: 'female',
    birthday: '1990-11-25',
    area: 'Quận 1',
    tags: '["vip","coffee"]',
    consent_marketing: 1,
  });
  id.B = await addCustomer(shop, 'C000002', {
    full_name: 'Bình',
    gender: 'male',
    birthday: '1990-11-26',
    area: 'quận 1',
    tags: '["coffee"]',
  });
  id.C = await addCustomer(shop, 'C000003', { full_name: 'Chi', area: 'Binh Thanh', consent_marketing: 1 });
  id.D = await addCustomer(shop, 'C000004', {
    full_name: 'Dũng',
    gender: 'other',
    birthday: '2010-01-01',
    tags: JSON.stringify(['tea', 'say "coffee']),
  });
  id.E = await addCustomer(shop, 'C000005', { full_name: 'Erased', gender: 'female', erased_at: '2026-01-01T00:00:00.000Z' });
  id.F = await addCustomer(shop, 'C000006', { full_name: 'Phương', gender: 'female' });
  await addSale(shop, id.A!, local('2026-01-10'), 30_000);
  await addSale(shop, id.A!, local('2026-10-01'), 50_000);
  await addSale(shop, id.A!, local('2026-11-20'), 100_000);
  await addSale(shop, id.A!, local('2026-11-21'), 900_000, { voided: true });
  await addSale(shop, id.B!, local('2026-11-25', '00:30'), 200_000);
  await addSale(shop, id.C!, local('2026-06-01'), 40_000);
  await addSale(shop, id.E!, local('2026-11-01'), 40_000);
  for (const m of ['06', '07', '08', '09', '10', '11']) await addSale(shop, id.F!, local(`2026-${m}-01`), 20_000);
  const db = shop.backend.ctx.db;
  for (const [c, points] of [
    [id.A!, 18],
    [id.F!, 5],
  ] as const) {
    await db
      .insertInto('points_ledger')
      .values({
        customer_id: await customerKey(shop, c),
        sale_id: null,
        kind: 'adjust',
        points,
        reason: 'test',
        created_at: Date.parse('2026-11-01T00:00:00.000Z'),
        origin: await installKey(db),
        origin_key: null,
      })
      .execute();
  }
  return { shop, id };
}

const and = (...rules: Rule[]): RuleGroup => ({ kind: 'group', op: 'and', rules });
const or = (...rules: Rule[]): RuleGroup => ({ kind: 'group', op: 'or', rules });

async function members(shop: TestShop, rule: RuleGroup): Promise<string[]> {
  const r = await shop.call('segments.members', { rule, limit: 100 });
  const count = await shop.call('segments.count', { rule });
  expect(count.count).toBe(r.total);
  return r.items.map((m) => m.fullName).sort();
}

describe('rule segments', () => {
  it('suggests the areas and tags in use, most common first, one entry per area however it is written', async () => {
    const { shop } = await shopWithCustomers();
    expect(await shop.call('customers.facets', {})).toEqual({
      areas: [
        { value: 'Quận 1', count: 2 },
        { value: 'Binh Thanh', count: 1 },
      ],
      tags: [
        { value: 'coffee', count: 2 },
        { value: 'say "coffee', count: 1 },
        { value: 'tea', count: 1 },
        { value: 'vip', count: 1 },
      ],
    });
    expect((await shop.call('customers.facets', { limit: 1 })).tags).toEqual([{ value: 'coffee', count: 2 }]);
    expect(await shop.fail('customers.facets', { limit: 0 })).toMatchObject({ code: 'VALIDATION', field: 'limit' });
  });

  it('compiles each kind of condition with the documented meaning', async () => {
    const { shop } = await shopWithCustomers();
    const cases: [Rule, string[]][] = [
      [{ kind: 'age', min: 36 }, ['An']], // a birthday today counts
      [{ kind: 'age', max: 35 }, ['Bình', 'Dũng']], // no birthday never matches
      [{ kind: 'gender', in: ['female', 'unknown'] }, ['An', 'Chi', 'Phương']],
      [{ kind: 'area', in: ['quận 1'] }, ['An', 'Bình']], // case is ignored
      [{ kind: 'area', in: ['  QUẬN   1 '] }, ['An', 'Bình']], // Vietnamese capitals and extra spaces too
      [{ kind: 'area', in: ['Qua\u0302\u0323n 1'] }, ['An', 'Bình']], // a decomposed spelling (NFD)
      [{ kind: 'area', in: ['Quan 1'] }, []], // marks are kept: another spelling, another place
      [{ kind: 'area', in: ['BINH THANH', 'quận 1'] }, ['An', 'Bình', 'Chi']],
      [{ kind: 'visits', period: { kind: 'lastDays', days: 30 }, min: 1 }, ['An', 'Bình', 'Phương']],
      [{ kind: 'spend', period: { kind: 'lastDays', days: 30 }, min: 1 }, ['An', 'Bình', 'Phương']],
      [{ kind: 'visits', period: { kind: 'lastDays', days: 30 }, max: 0 }, ['Chi', 'Dũng']],
      [{ kind: 'visits', period: { kind: 'lastDays', days: 30 }, min: 2 }, []],
      [{ kind: 'visits', period: { kind: 'lastDays', days: 200 }, min: 2 }, ['An', 'Phương']],
      [{ kind: 'visits', period: { kind: 'between', from: '2026-06-01', to: '2026-06-30' }, min: 1, max: 1 }, ['Chi', 'Phương']],
      [{ kind: 'spend', period: { kind: 'all' }, min: 150_000 }, ['An', 'Bình']], // A: 180k (the void does not count)
      [{ kind: 'spend', period: { kind: 'all' }, max: 0 }, ['Dũng']],
      [{ kind: 'firstPurchase', op: 'before', date: '2026-06-01' }, ['An']], // C and F first bought on 06-01 itself
      [{ kind: 'firstPurchase', op: 'after', date: '2026-11-24' }, ['Bình']],
      [{ kind: 'lastPurchase', op: 'withinDays', days: 1 }, ['Bình']],
      [{ kind: 'lastPurchase', op: 'notWithinDays', days: 90 }, ['Chi']],
      [{ kind: 'points', min: 10 }, ['An']],
      [{ kind: 'tags', op: 'any', tags: ['coffee'] }, ['An', 'Bình']],
      [{ kind: 'tags', op: 'all', tags: ['vip', 'coffee'] }, ['An']],
      [{ kind: 'tags', op: 'none', tags: ['coffee'] }, ['Chi', 'Dũng', 'Phương']],
      [{ kind: 'consent', marketing: true }, ['An', 'Chi']],
      [{ kind: 'lifecycle', in: ['lapsed', 'never_bought'] }, ['Chi', 'Dũng']],
      // RFM as of today over A, B, C, F (codes 1, 2, 3, 6):
      //  recency [5, 0, 177, 24] → sorted 0, 5, 24, 177; positions 3q = 0, .6, 1.2, 1.8, 2.4, 3
      //  → edges 0, 3, 8.8, 20.2, 85.2, 177 → R: A 4, B 5, C 1, F 2
      //  frequency [3, 1, 1, 6] → ranks B 1, C 2, A 3, F 4; rank edges 1, 1.6, 2.2, 2.8, 3.4, 4
      //  → F: B 1, C 2, A 4, F 5.  Segments: A R4F4 loyal, B R5F1 new, C R1F2 hibernating, F R2F5 can't lose.
      [{ kind: 'rfmSegment', in: ['loyal', 'cant_lose'] }, ['An', 'Phương']],
      [{ kind: 'rfmSegment', in: ['new_customers'] }, ['Bình']],
    ];
    for (const [rule, expected] of cases) expect(await members(shop, and(rule)), JSON.stringify(rule)).toEqual(expected);
  });

  it('combines AND / OR groups; an empty group matches everyone but the erased', async () => {
    const { shop } = await shopWithCustomers();
    const rule = or(and({ kind: 'gender', in: ['female'] }, { kind: 'consent', marketing: true }), {
      kind: 'tags',
      op: 'any',
      tags: ['tea'],
    });
    expect(await members(shop, rule)).toEqual(['An', 'Dũng']);
    expect(await members(shop, and())).toEqual(['An', 'Bình', 'Chi', 'Dũng', 'Phương']);
    expect(await members(shop, or(and(), { kind: 'consent', marketing: true }))).toEqual(['An', 'Chi']);
    expect(await shop.call('segments.count', { rule: and({ kind: 'consent', marketing: true }) })).toEqual({ count: 2, total: 5 });
  });

  it('pages and sorts the member list', async () => {
    const { shop } = await shopWithCustomers();
    const list = async (sort: 'name' | 'totalSpend' | 'visits' | 'lastVisit', direction: 'asc' | 'desc') =>
      (await shop.call('segments.members', { rule: and(), sort, direction })).items.map((m) => m.fullName);
    expect(await list('totalSpend', 'desc')).toEqual(['Bình', 'An', 'Phương', 'Chi', 'Dũng']);
    expect(await list('visits', 'desc')).toEqual(['Phương', 'An', 'Bình', 'Chi', 'Dũng']);
    expect(await list('lastVisit', 'asc')).toEqual(['Chi', 'Phương', 'An', 'Bình', 'Dũng']); // never bought: last
    expect(await list('lastVisit', 'desc')).toEqual(['Bình', 'An', 'Phương', 'Chi', 'Dũng']);
    const page = await shop.call('segments.members', { rule: and(), sort: 'totalSpend', direction: 'desc', offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.items).toEqual([
      expect.objectContaining({
        fullName: 'An',
        code: 'C000001',
        visits: 3,
        totalSpend: 180_000,
        lastVisit: local('2026-11-20'),
        consentMarketing: true,
        area: 'Quận 1',
      }),
      expect.objectContaining({ fullName: 'Phương', visits: 6, totalSpend: 120_000 }),
    ]);
  });

  it('refuses malformed rules at the boundary with the offending field', async () => {
    const { shop } = await shopWithCustomers();
    expect(await shop.fail('segments.count', { rule: and({ kind: 'age' } as Rule) })).toMatchObject({
      code: 'VALIDATION',
      field: 'rule.rules.0',
    });
    expect(await shop.fail('segments.count', { rule: and({ kind: 'planet', in: ['mars'] } as unknown as Rule) })).toMatchObject({
      code: 'VALIDATION',
      field: 'rule.rules.0',
    });
    expect(await shop.fail('segments.count', { rule: and({ kind: 'lastPurchase', op: 'before' } as Rule) })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await shop.fail('segments.count', { rule: and({ kind: 'gender', in: [] }) })).toMatchObject({
      code: 'VALIDATION',
      field: 'rule.rules.0.in',
    });
    const deep = and(and(and(and(and({ kind: 'consent', marketing: true })))));
    expect((await shop.fail('segments.count', { rule: deep })).message).toMatch(/nest at most 4/);
    // A typed value never becomes SQL: a hostile tag is just a tag nobody has.
    expect((await shop.call('segments.count', { rule: and({ kind: 'tags', op: 'any', tags: ["x') OR 1=1 --"] }) })).count).toBe(0);
  });
});

describe('saved segments', () => {
  it('saves the rule, re-evaluates on open, renames, refuses a duplicate name, deletes', async () => {
    const { shop, id } = await shopWithCustomers();
    const rule = and({ kind: 'visits', period: { kind: 'lastDays', days: 30 }, min: 1 });
    const saved = await shop.call('segments.save', { name: ' Recent  buyers ', rule });
    expect(saved).toMatchObject({ name: 'Recent buyers', rule });
    expect(await shop.call('segments.get', { id: saved.id })).toMatchObject({ count: 3 });
    await shop.call('sales.record', { customerId: id.C!, amount: 10_000 });
    expect(await shop.call('segments.get', { id: saved.id })).toMatchObject({ count: 4 }); // members are never stored

    const other = await shop.call('segments.save', { name: 'Coffee', rule: and({ kind: 'tags', op: 'any', tags: ['coffee'] }) });
    expect(await shop.fail('segments.save', { id: other.id, name: 'recent BUYERS', rule })).toMatchObject({
      code: 'VALIDATION',
      field: 'name',
    });
    await shop.call('segments.save', { id: other.id, name: 'Coffee lovers', rule: other.rule });
    expect((await shop.call('segments.list', undefined)).map((s) => [s.name, s.count])).toEqual([
      ['Coffee lovers', 2],
      ['Recent buyers', 4],
    ]);
    await shop.call('segments.delete', { id: saved.id });
    expect(await shop.fail('segments.get', { id: saved.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await shop.call('segments.list', { withCounts: false })).map((s) => [s.name, s.count])).toEqual([['Coffee lovers', null]]);
    // The name is free again once deleted.
    await shop.call('segments.save', { name: 'Recent buyers', rule });
    const log = await shop.backend.ctx.db
      .selectFrom('change_log')
      .select(['op'])
      .where('entity', '=', ENTITY_CODES.segment)
      .orderBy('seq')
      .execute();
    expect(log.map((l) => l.op)).toEqual(['create', 'create', 'update', 'delete', 'create']);
  });
});

describe('lifecycle groups', () => {
  it('partitions the customers; the thresholds are configurable', async () => {
    const { shop } = await shopWithCustomers();
    expect(await shop.call('lifecycle.counts', undefined)).toEqual({
      rule: { newDays: 30, lapsedDays: 90, loyalVisits: 6, loyalWindowDays: 365 },
      counts: { new: 1, returning: 1, loyal: 1, lapsed: 1, never_bought: 1 },
      total: 5,
    });
    // Chi's only purchase was 177 days ago: active again under a 200-day "lapsed" rule.
    const rule = { newDays: 30, lapsedDays: 200, loyalVisits: 6, loyalWindowDays: 365 };
    expect((await shop.call('lifecycle.counts', { rule })).counts).toMatchObject({ returning: 2, lapsed: 0 });
    await shop.call('lifecycle.setRule', rule);
    expect(await shop.call('lifecycle.getRule', undefined)).toEqual(rule);
    expect(await members(shop, and({ kind: 'lifecycle', in: ['returning'] }))).toEqual(['An', 'Chi']);
    expect(await shop.fail('lifecycle.setRule', { ...rule, newDays: 300 })).toMatchObject({ code: 'VALIDATION', field: 'newDays' });
  });
});
