import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../src/shared/contract/segments';
import { openShop, type TestShop } from './helpers';
import { addCustomer, addSale, local } from './segmentFixtures';

/**
 * Today is 2026-11-25 in the shop (UTC+7, 10:00 local). With a 30-day window the window starts at
 * local midnight of 2026-10-27 (today is the 30th day). Silver from 100 000, Gold from 500 000:
 *  A 100 000 exactly at the window's first instant (and 1 000 000 a minute before it) → Silver
 *  B 499 999, plus a voided 1 000 000                                                  → Silver
 *  C 500 000 in two purchases                                                          → Gold
 *  D never bought                                                                      → none
 *  E 99 999                                                                            → none
 */
const RULE = {
  windowDays: 30,
  tiers: [
    { name: 'Silver', minSpend: 100_000 },
    { name: 'Gold', minSpend: 500_000 },
  ],
};

async function tieredShop(): Promise<{ shop: TestShop; id: Record<string, string> }> {
  const shop = await openShop();
  const id: Record<string, string> = {};
  for (const k of ['A', 'B', 'C', 'D', 'E']) id[k] = await addCustomer(shop, `C00000${k}`, { full_name: k });
  await addSale(shop, id.A!, local('2026-10-27', '00:00'), 100_000);
  await addSale(shop, id.A!, local('2026-10-26', '23:59'), 1_000_000);
  await addSale(shop, id.B!, local('2026-11-01'), 499_999);
  await addSale(shop, id.B!, local('2026-11-02'), 1_000_000, { voided: true });
  await addSale(shop, id.C!, local('2026-11-10'), 200_000);
  await addSale(shop, id.C!, local('2026-11-25', '00:05'), 300_000);
  await addSale(shop, id.E!, local('2026-11-20'), 99_999);
  await shop.call('tiers.setRule', RULE);
  return { shop, id };
}

const tierIs = (...names: string[]): RuleGroup => ({ kind: 'group', op: 'and', rules: [{ kind: 'tier', in: names }] });

async function tierOf(shop: TestShop, id: string): Promise<string | null | undefined> {
  return (await shop.call('customers.get', { id })).tier;
}

describe('membership tiers', () => {
  it('has no tiers until the shop sets a rule, and stores the rule it is given', async () => {
    const shop = await openShop();
    expect(await shop.call('tiers.getRule', {})).toEqual({ windowDays: 365, tiers: [] });
    const id = await addCustomer(shop, 'C000001');
    await addSale(shop, id, local('2026-11-20'), 5_000_000);
    expect(await tierOf(shop, id)).toBeNull();
    const saved = await shop.call('tiers.setRule', { windowDays: 90, tiers: [{ name: '  Bạc   VIP ', minSpend: 1 }] });
    // A tier saved without a benefit or multiplier gives nothing said and multiplies by 1.
    expect(saved).toEqual({ windowDays: 90, tiers: [{ name: 'Bạc VIP', minSpend: 1, benefit: '', multiplier: 1 }] });
    expect(await shop.call('tiers.getRule', {})).toEqual(saved);
    expect(await tierOf(shop, id)).toBe('Bạc VIP');
    // settings.update keeps its shape and does not touch the tier rule
    const settings = await shop.call('settings.get', {});
    expect(Object.keys(settings).sort()).toEqual([
      'country',
      'currency',
      'locale',
      'pointsExpiryMonths',
      'pointsRule',
      'pointsValue',
      'setupDone',
      'shopName',
      'timeZone',
    ]);
    await shop.call('settings.update', settings);
    expect(await shop.call('tiers.getRule', {})).toEqual(saved);
  });

  it('derives the tier from non-voided spend in the window, at its boundaries', async () => {
    const { shop, id } = await tieredShop();
    expect(await tierOf(shop, id.A!)).toBe('Silver');
    expect(await tierOf(shop, id.B!)).toBe('Silver');
    expect(await tierOf(shop, id.C!)).toBe('Gold');
    expect(await tierOf(shop, id.D!)).toBeNull();
    expect(await tierOf(shop, id.E!)).toBeNull();
    // the last instant of 2026-11-25 local: still the same window
    shop.clock.now = new Date('2026-11-25T16:59:59Z');
    expect(await tierOf(shop, id.A!)).toBe('Silver');
    // a new local day: A's purchase of 2026-10-27 leaves the window
    shop.clock.now = new Date('2026-11-25T17:00:00Z');
    expect(await tierOf(shop, id.A!)).toBeNull();
    expect(await tierOf(shop, id.C!)).toBe('Gold');
    // a longer window brings A's older purchase back: 1 100 000 → Gold
    await shop.call('tiers.setRule', { ...RULE, windowDays: 365 });
    expect(await tierOf(shop, id.A!)).toBe('Gold');
  });

  it('counts the tier condition in segments like the derivation', async () => {
    const { shop } = await tieredShop();
    const count = async (...names: string[]): Promise<number> => (await shop.call('segments.count', { rule: tierIs(...names) })).count;
    expect(await count('Silver')).toBe(2);
    expect(await count('gold')).toBe(1); // names match case-insensitively
    expect(await count('none')).toBe(2);
    expect(await count('Silver', 'Gold')).toBe(3);
    expect(await count('none', 'Silver')).toBe(4);
    expect(await count('none', 'Gold')).toBe(3);
    expect(await count('none', 'Silver', 'Gold')).toBe(5);
    expect(await count('Platinum')).toBe(0);
    const members = await shop.call('segments.members', { rule: tierIs('Silver'), limit: 10 });
    expect(members.items.map((m) => m.fullName).sort()).toEqual(['A', 'B']);
    shop.clock.now = new Date('2026-11-26T03:00:00Z');
    expect(await count('Silver')).toBe(1);
    expect(await count('none')).toBe(3);
    // a first tier from 0 leaves nobody below it; no tiers at all puts everyone in 'none'
    await shop.call('tiers.setRule', {
      windowDays: 30,
      tiers: [
        { name: 'Member', minSpend: 0 },
        { name: 'Gold', minSpend: 500_000 },
      ],
    });
    expect(await count('none')).toBe(0);
    expect(await count('Member')).toBe(4);
    await shop.call('tiers.setRule', { windowDays: 30, tiers: [] });
    expect(await count('none')).toBe(5);
    expect(await count('Gold')).toBe(0);
  });

  it('refuses a bad rule with the field and a clear message, keeping the old rule', async () => {
    const { shop } = await tieredShop();
    const cases: [unknown, string, RegExp][] = [
      [
        {
          windowDays: 30,
          tiers: [
            { name: 'Gold', minSpend: 500 },
            { name: 'Silver', minSpend: 100 },
          ],
        },
        'tiers.1.minSpend',
        /higher minimum spend/,
      ],
      [
        {
          windowDays: 30,
          tiers: [
            { name: 'Gold', minSpend: 100 },
            { name: 'gold', minSpend: 500 },
          ],
        },
        'tiers.1.name',
        /must be different/,
      ],
      [{ windowDays: 30, tiers: [{ name: ' ', minSpend: 100 }] }, 'tiers.0.name', /needs a name/],
      [{ windowDays: 30, tiers: [{ name: 'None', minSpend: 100 }] }, 'tiers.0.name', /reserved/],
      [{ windowDays: 30, tiers: [{ name: 'Gold', minSpend: -1 }] }, 'tiers.0.minSpend', /negative/],
      [{ windowDays: 30, tiers: [{ name: 'Gold', minSpend: 1.5 }] }, 'tiers.0.minSpend', /whole number/],
      [{ windowDays: 0, tiers: [] }, 'windowDays', /at least 1 day/],
      [{ windowDays: 30, tiers: [1, 2, 3, 4, 5, 6].map((i) => ({ name: `T${i}`, minSpend: i })) }, 'tiers', /at most 5 tiers/],
    ];
    for (const [input, field, message] of cases) {
      const err = await shop.fail('tiers.setRule', input);
      expect(err).toMatchObject({ code: 'VALIDATION', field });
      expect(err.message).toMatch(message);
    }
    expect(await shop.call('tiers.getRule', {})).toEqual({ ...RULE, tiers: RULE.tiers.map((t) => ({ ...t, benefit: '', multiplier: 1 })) });
  });

  it('counts a tier set by hand in segments as the derivation does, while it lasts', async () => {
    const { shop, id } = await tieredShop();
    await shop.call('tiers.setFloor', { customerId: id.E!, tier: 'Gold', until: '2026-12-31', reason: 'test' });
    await shop.call('tiers.setFloor', { customerId: id.B!, tier: 'Silver', until: '2026-12-31', reason: 'test' });
    await shop.call('tiers.setFloor', { customerId: id.D!, tier: 'Silver', until: '2026-11-25', reason: 'test' });
    await shop.call('tiers.setFloor', { customerId: id.C!, tier: 'Silver', until: '2026-12-31', reason: 'a floor below the spend' });
    const check = async (expected: Record<string, number>): Promise<void> => {
      const derived: Record<string, number> = { none: 0, Silver: 0, Gold: 0 };
      for (const k of Object.keys(id)) derived[(await tierOf(shop, id[k]!)) ?? 'none']! += 1;
      expect(derived).toEqual(expected);
      for (const name of ['none', 'Silver', 'Gold'])
        expect((await shop.call('segments.count', { rule: tierIs(name) })).count, name).toBe(expected[name]);
      expect((await shop.call('segments.count', { rule: tierIs('none', 'Gold') })).count).toBe(expected.none! + expected.Gold!);
    };
    // A, B, D (lifted) Silver; C and E (lifted) Gold.
    await check({ none: 0, Silver: 3, Gold: 2 });
    // The next local day D's floor has ended (and A's old purchase left the window).
    shop.clock.now = new Date('2026-11-25T17:00:00Z');
    await check({ none: 2, Silver: 1, Gold: 2 });
  });

  it('shows the tier on the customer page and at the counter', async () => {
    const shop = await openShop();
    await shop.call('tiers.setRule', {
      windowDays: 365,
      tiers: [
        { name: 'Silver', minSpend: 100_000 },
        { name: 'Gold', minSpend: 500_000 },
      ],
    });
    const c = await shop.call('customers.create', { fullName: 'Lan' });
    const card = await shop.call('cards.issue', { customerId: c.id });
    expect((await shop.call('cards.lookup', { number: card.number })).tier).toBeNull();
    const sale = await shop.call('sales.record', { cardNumber: card.number, amount: 600_000 });
    expect((await shop.call('cards.lookup', { number: card.number })).tier).toBe('Gold');
    expect((await shop.call('customers.get', { id: c.id })).tier).toBe('Gold');
    await shop.call('sales.void', { saleId: sale.sale.id, reason: 'wrong amount' });
    expect((await shop.call('customers.get', { id: c.id })).tier).toBeNull();
  });
});
