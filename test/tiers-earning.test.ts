/**
 * Tiers that give something and the earning rules (issue 16): a points multiplier and benefit per
 * tier, points per visit, the sign-up and birthday bonuses (each paid once), a tier set by hand as a
 * floor, and "X to the next tier". Today is 2026-11-25 10:00 in the shop (UTC+7).
 */
import { describe, expect, it } from 'vitest';
import { apiId } from '../src/main/services/keys';
import { grantBirthdays } from '../src/main/services/points/bonuses';
import { isBirthdayOn, multiplied } from '../src/shared/tiers';
import { count, openShop, type TestShop } from './helpers';

const RULE = {
  windowDays: 365,
  tiers: [
    { name: 'Silver', minSpend: 100_000, benefit: 'Free cookie', multiplier: 1 },
    { name: 'Gold', minSpend: 500_000, benefit: '10% off drinks', multiplier: 1.5 },
  ],
};

async function ledger(shop: TestShop, customerId: string) {
  return (await shop.call('points.ledger', { customerId })).entries.map((e) => [e.kind, e.points, e.reason]);
}

describe('tier multiplier, benefit and the next tier', () => {
  it('earns per amount under the tier held before the purchase, says why, and reports an upgrade the moment it happens', async () => {
    const shop = await openShop();
    await shop.call('tiers.setRule', RULE);
    const c = await shop.call('customers.create', { fullName: 'Lan' });
    expect(await shop.call('tiers.status', { customerId: c.id })).toEqual({
      tier: null,
      earnedTier: null,
      spend: 0,
      benefit: null,
      multiplier: 1,
      floor: null,
      next: { name: 'Silver', toGo: 100_000 },
    });
    // 450 000 crosses Silver: no multiplier yet (none below Silver), the answer says Silver now and 50 000 to Gold.
    const first = await shop.call('sales.record', { customerId: c.id, amount: 450_000 });
    expect(first.sale.points).toBe(45);
    expect(first.tierBefore).toBeNull();
    expect(first.tier).toMatchObject({ tier: 'Silver', benefit: 'Free cookie', next: { name: 'Gold', toGo: 50_000 } });
    // Silver multiplies by 1; this purchase crosses into Gold.
    const second = await shop.call('sales.record', { customerId: c.id, amount: 100_000 });
    expect(second.sale.points).toBe(10);
    expect([second.tierBefore, second.tier?.tier, second.tier?.next]).toEqual(['Silver', 'Gold', null]);
    // Now Gold: ×1.5, rounded down.
    const third = await shop.call('sales.record', { customerId: c.id, amount: 130_000 });
    expect(third.sale.points).toBe(multiplied(13, 1.5));
    expect(third.sale.points).toBe(19);
    expect(await ledger(shop, c.id)).toEqual([
      ['earn', 45, 'purchase'],
      ['earn', 10, 'purchase'],
      ['earn', 19, 'per amount ×1.5 Gold'],
    ]);
    const page = await shop.call('customers.get', { id: c.id });
    expect(page.tier).toBe('Gold');
    expect(page.stats.pointsBalance).toBe(74);
  });

  it('refuses a multiplier outside 1–10 or with more than two decimals, and a benefit over 200 characters', async () => {
    const shop = await openShop();
    const base = { name: 'Gold', minSpend: 1 };
    for (const [tier, message] of [
      [{ ...base, multiplier: 0.5 }, /from 1 to 10/],
      [{ ...base, multiplier: 11 }, /from 1 to 10/],
      [{ ...base, multiplier: 1.234 }, /two decimals/],
      [{ ...base, benefit: 'x'.repeat(201) }, /200 characters/],
    ] as const) {
      const err = await shop.fail('tiers.setRule', { windowDays: 30, tiers: [tier] });
      expect(err.code).toBe('VALIDATION');
      expect(err.message).toMatch(message);
    }
  });
});

describe('earning rules', () => {
  it('adds points per visit as a row of its own; a rule change applies to new purchases only', async () => {
    const shop = await openShop();
    await shop.call('earning.setRule', { perVisit: 5, signupBonus: 0, birthdayBonus: 0 });
    const c = await shop.call('customers.create', { fullName: 'Minh' });
    const a = await shop.call('sales.record', { customerId: c.id, amount: 25_000 });
    expect(a.sale.points).toBe(7);
    await shop.call('earning.setRule', { perVisit: 2, signupBonus: 0, birthdayBonus: 0 });
    await shop.call('settings.update', {
      shopName: 'Test shop',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
      pointsRule: { every: 10_000, points: 3 },
    });
    const b = await shop.call('sales.record', { customerId: c.id, amount: 25_000 });
    expect(b.sale.points).toBe(8);
    expect(await ledger(shop, c.id)).toEqual([
      ['earn', 2, 'purchase'],
      ['earn', 5, 'per visit'],
      ['earn', 6, 'purchase'],
      ['earn', 2, 'per visit'],
    ]);
    // A walk-in earns nothing, per visit included.
    expect((await shop.call('sales.record', { customerId: null, amount: 25_000 })).sale.points).toBe(0);
    // Voiding the first purchase takes back both of its rows.
    await shop.call('sales.void', { saleId: a.sale.id, reason: 'test' });
    expect((await shop.call('customers.get', { id: c.id })).stats.pointsBalance).toBe(8);
  });

  it('refuses negative or fractional rules', async () => {
    const shop = await openShop();
    const err = await shop.fail('earning.setRule', { perVisit: -1, signupBonus: 0.5, birthdayBonus: 0 });
    expect(err).toMatchObject({ code: 'VALIDATION' });
    expect(await shop.call('earning.getRule', {})).toEqual({ perVisit: 0, signupBonus: 0, birthdayBonus: 0 });
  });

  it('pays the sign-up bonus once to a customer created in the app, not to imported customers', async () => {
    const shop = await openShop();
    await shop.call('earning.setRule', { perVisit: 0, signupBonus: 50, birthdayBonus: 0 });
    const input = { fullName: 'Hoa', idempotencyKey: 'k-hoa-000000000001' };
    const c = await shop.call('customers.create', input);
    const again = await shop.call('customers.create', input);
    expect(again.id).toBe(c.id);
    expect(await ledger(shop, c.id)).toEqual([['earn', 50, 'sign-up bonus']]);
    await shop.call('customerImport.commit', {
      file: { kind: 'csv', text: 'Name,Phone\nAn,0912345678\n', delimiter: null },
      fileName: 'k.csv',
    });
    const imported = await shop.backend.ctx.db
      .selectFrom('customers')
      .select('gid')
      .where('full_name', '=', 'An')
      .executeTakeFirstOrThrow();
    expect(await ledger(shop, apiId(imported.gid))).toEqual([]);
    expect(await count(shop, 'points_ledger')).toBe(1);
  });

  it('pays the birthday bonus once a year, for birthdays of the last 7 days, 29 February on the 28th in other years', async () => {
    const shop = await openShop({ now: '2027-02-28T03:00:00Z' });
    await shop.call('earning.setRule', { perVisit: 0, signupBonus: 0, birthdayBonus: 100 });
    const mk = async (fullName: string, birthday: string | null) => (await shop.call('customers.create', { fullName, birthday })).id;
    const leap = await mk('Leap', '2000-02-29');
    const today = await mk('Today', '1990-02-28');
    const weekAgo = await mk('Week', '1990-02-22');
    const eightDays = await mk('Eight', '1990-02-20');
    const tomorrow = await mk('Tomorrow', '1990-03-01');
    const none = await mk('None', null);
    const r = await grantBirthdays(shop.backend.ctx);
    expect(r.granted).toBe(3);
    expect(await ledger(shop, leap)).toEqual([['earn', 100, 'birthday 2027']]);
    expect(await ledger(shop, today)).toEqual([['earn', 100, 'birthday 2027']]);
    expect(await ledger(shop, weekAgo)).toEqual([['earn', 100, 'birthday 2027']]);
    for (const id of [eightDays, tomorrow, none]) expect(await ledger(shop, id)).toEqual([]);
    // A rerun, and the next day's run, pay nobody twice.
    expect((await grantBirthdays(shop.backend.ctx)).granted).toBe(0);
    shop.clock.now = new Date('2027-03-01T03:00:00Z');
    expect((await grantBirthdays(shop.backend.ctx)).granted).toBe(1);
    expect(await ledger(shop, leap)).toHaveLength(1);
    // Next year again; in a leap year 29 February is the day itself.
    shop.clock.now = new Date('2028-02-29T03:00:00Z');
    await grantBirthdays(shop.backend.ctx);
    expect(await ledger(shop, leap)).toEqual([
      ['earn', 100, 'birthday 2027'],
      ['earn', 100, 'birthday 2028'],
    ]);
  });

  it('knows when a birthday falls', () => {
    expect(isBirthdayOn('2000-02-29', '2027-02-28')).toBe(true);
    expect(isBirthdayOn('2000-02-29', '2028-02-28')).toBe(false);
    expect(isBirthdayOn('2000-02-29', '2028-02-29')).toBe(true);
    expect(isBirthdayOn('1999-02-28', '2028-02-28')).toBe(true);
    expect(isBirthdayOn('1999-03-01', '2027-02-28')).toBe(false);
  });
});

describe('a tier set by hand', () => {
  it('acts as a floor with a reason until its end date, multiplies like the tier, and can be ended early with a reason', async () => {
    const shop = await openShop();
    await shop.call('tiers.setRule', RULE);
    const c = await shop.call('customers.create', { fullName: 'Vy' });
    await shop.call('sales.record', { customerId: c.id, amount: 200_000 });
    expect((await shop.fail('tiers.setFloor', { customerId: c.id, tier: 'Gold', until: '2026-12-31', reason: ' ' })).field).toBe('reason');
    expect((await shop.fail('tiers.setFloor', { customerId: c.id, tier: 'Platinum', until: '2026-12-31', reason: 'x' })).field).toBe(
      'tier',
    );
    expect((await shop.fail('tiers.setFloor', { customerId: c.id, tier: 'Gold', until: '2026-11-24', reason: 'x' })).field).toBe('until');
    const set = await shop.call('tiers.setFloor', { customerId: c.id, tier: 'gold', until: '2026-12-31', reason: 'friend of the owner' });
    expect(set).toMatchObject({
      tier: 'Gold',
      earnedTier: 'Silver',
      multiplier: 1.5,
      floor: { tier: 'Gold', until: '2026-12-31', reason: 'friend of the owner' },
      next: null,
    });
    expect((await shop.call('customers.get', { id: c.id })).tier).toBe('Gold');
    const sale = await shop.call('sales.record', { customerId: c.id, amount: 100_000 });
    expect(sale.sale.points).toBe(15);
    // The last day counts; the day after, the spend decides again.
    shop.clock.now = new Date('2026-12-31T16:59:00Z');
    expect((await shop.call('tiers.status', { customerId: c.id })).tier).toBe('Gold');
    shop.clock.now = new Date('2026-12-31T17:00:00Z');
    expect(await shop.call('tiers.status', { customerId: c.id })).toMatchObject({
      tier: 'Silver',
      floor: null,
      next: { name: 'Gold', toGo: 200_000 },
    });
    // A new floor, ended early: the row stays with why.
    await shop.call('tiers.setFloor', { customerId: c.id, tier: 'Gold', until: '2027-06-30', reason: 'complaint' });
    expect((await shop.fail('tiers.clearFloor', { customerId: c.id, reason: '' })).field).toBe('reason');
    expect((await shop.call('tiers.clearFloor', { customerId: c.id, reason: 'mistake' })).tier).toBe('Silver');
    expect((await shop.fail('tiers.clearFloor', { customerId: c.id, reason: 'again' })).code).toBe('NOT_FOUND');
    const rows = await shop.backend.ctx.db.selectFrom('tier_floors').selectAll().orderBy('set_at').execute();
    expect(rows.map((r) => [r.tier, r.reason, r.clear_reason])).toEqual([
      ['Gold', 'friend of the owner', 'replaced: complaint'],
      ['Gold', 'complaint', 'mistake'],
    ]);
  });

  it('does not lower a customer whose spend is above the floor', async () => {
    const shop = await openShop();
    await shop.call('tiers.setRule', RULE);
    const c = await shop.call('customers.create', { fullName: 'Tú' });
    await shop.call('sales.record', { customerId: c.id, amount: 600_000 });
    const s = await shop.call('tiers.setFloor', { customerId: c.id, tier: 'Silver', until: '2027-01-31', reason: 'promo' });
    expect([s.tier, s.earnedTier]).toEqual(['Gold', 'Gold']);
  });
});
