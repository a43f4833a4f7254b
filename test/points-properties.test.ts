/**
 * Issue 16: the points ledger and the tiers as a fast-check property. Any sequence of purchases
 * (with or without points spent), voids, owner adjustments (below zero only when said so), days
 * passing, expiry runs, birthday runs, hand-set tier floors and rule changes, played on a fresh shop
 * (a real SQLite file), keeps for every customer after every step:
 *   - balance shown = sum of the ledger, and the lots hold max(0, balance) (as points-sequences asserts);
 *   - the expire rows add up to what the lots lost (`expired`, 0109), each lot losing only what was
 *     left of it, and naming an expire row of its customer written when it was due;
 *   - no balance below zero unless an owner's adjustment said `belowZero`;
 *   - the tier is the one an independent model of the customer's live spend in the window gives,
 *     raised to a hand-set floor while it lasts, and each purchase earns at the tier held before it.
 * Operations are plain records with indexes taken modulo what exists, so a shrunk sequence still
 * replays on a fresh shop. The seed is fixed: a failure prints the same counterexample every time.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grantBirthdays } from '../src/main/services/points/bonuses';
import { expirePoints } from '../src/main/services/points/expiry';
import { books, expiryFaults } from './pointLots';
import { openShop, type TestShop } from './helpers';

const DAY = 86_400_000;
const TZ_OFFSET = 7 * 3_600_000; // Asia/Ho_Chi_Minh: UTC+7, no summer time
/** pointsValue below: 100 points are worth 10,000, so a point takes 100 off. */
const POINT_VALUE = 100;
const TIER_NAMES = ['Silver', 'Gold'] as const;

type Op =
  | { kind: 'purchase'; c: number; units: number; redeemPct: number }
  | { kind: 'void'; pick: number }
  | { kind: 'adjust'; c: number; points: number; below: boolean }
  | { kind: 'advance'; days: number; hours: number }
  | { kind: 'expire' }
  | { kind: 'birthdays' }
  | { kind: 'create'; birthday: string | null }
  | { kind: 'setFloor'; c: number; tier: number; days: number }
  | { kind: 'clearFloor'; c: number }
  | {
      kind: 'rules';
      perVisit: number;
      signupBonus: number;
      birthdayBonus: number;
      windowDays: number;
      minSpend: [number, number];
      multipliers: [number, number];
    };

const cust = fc.nat({ max: 7 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('purchase' as const),
      c: cust,
      units: fc.integer({ min: 1, max: 40 }),
      redeemPct: fc.nat({ max: 100 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick: fc.nat({ max: 99 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      c: cust,
      points: fc.integer({ min: -80, max: 50 }).filter((p) => p !== 0),
      below: fc.boolean(),
    }),
  },
  {
    weight: 2,
    // Mostly short steps, so sales land on the window's first and last days; hours move sales across local midnight.
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      days: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 40 })),
      hours: fc.nat({ max: 23 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('birthdays' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      birthday: fc.constantFrom(null, '2000-02-29', '1990-02-25', '1985-03-03', '1979-03-20', '1992-04-10', '1998-05-01'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('setFloor' as const), c: cust, tier: fc.nat({ max: 1 }), days: fc.nat({ max: 14 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clearFloor' as const), c: cust }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rules' as const),
      perVisit: fc.nat({ max: 4 }),
      signupBonus: fc.nat({ max: 29 }),
      birthdayBonus: fc.integer({ min: 10, max: 59 }),
      windowDays: fc.constantFrom(10, 7, 30, 90),
      minSpend: fc.tuple(fc.constantFrom(200_000, 100_000, 300_000), fc.constantFrom(600_000, 500_000, 900_000)),
      multipliers: fc.tuple(fc.constantFrom(1.25, 1, 1.5, 2, 3), fc.constantFrom(2, 1, 1.25, 1.5, 3)),
    }),
  },
);

/** What the test believes, kept apart from the shop: the sales, floors and rules it made. */
interface Model {
  customers: string[];
  sales: { id: string; customer: string; paid: number; at: number; voided: boolean }[];
  floors: Map<string, { tier: number; until: string }>;
  wentBelowZero: Set<string>;
  windowDays: number;
  tiers: { name: string; minSpend: number; benefit: string; multiplier: number }[];
  perVisit: number;
  signupBonus: number;
}

const localToday = (now: Date): string => new Date(now.getTime() + TZ_OFFSET).toISOString().slice(0, 10);
const addLocalDays = (now: Date, days: number): string => new Date(now.getTime() + TZ_OFFSET + days * DAY).toISOString().slice(0, 10);
/** The window starts at local midnight windowDays−1 days before today. */
function windowStart(now: Date, windowDays: number): number {
  const local = new Date(now.getTime() + TZ_OFFSET);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - TZ_OFFSET;
  return midnight - (windowDays - 1) * DAY;
}

function expectedSpend(m: Model, customer: string, now: Date): number {
  const from = windowStart(now, m.windowDays);
  return m.sales.filter((s) => s.customer === customer && !s.voided && s.at >= from).reduce((a, s) => a + s.paid, 0);
}

/** Index into m.tiers of the tier the customer should hold now, or −1. */
function expectedTier(m: Model, customer: string, now: Date): number {
  const spend = expectedSpend(m, customer, now);
  let at = -1;
  m.tiers.forEach((t, i) => {
    if (spend >= t.minSpend) at = i;
  });
  const floor = m.floors.get(customer);
  if (floor && floor.until >= localToday(now)) at = Math.max(at, floor.tier);
  return at;
}

async function balanceOf(shop: TestShop, id: string): Promise<number> {
  return (await shop.call('customers.get', { id })).stats.pointsBalance;
}

async function create(shop: TestShop, m: Model, birthday: string | null): Promise<void> {
  const c = await shop.call('customers.create', { fullName: `Khách ${m.customers.length}`, birthday });
  m.customers.push(c.id);
  expect(await balanceOf(shop, c.id), 'sign-up bonus').toBe(m.signupBonus);
}

async function apply(shop: TestShop, m: Model, op: Op): Promise<void> {
  const who = (i: number): string => m.customers[i % m.customers.length]!;
  switch (op.kind) {
    case 'purchase': {
      const c = who(op.c);
      const amount = 10_000 * op.units;
      const balance = await balanceOf(shop, c);
      const max = Math.min(balance, Math.floor((amount - 1) / POINT_VALUE));
      const redeemPoints = max > 0 && op.redeemPct > 0 ? Math.max(1, Math.floor((max * op.redeemPct) / 100)) : 0;
      const before = expectedTier(m, c, shop.clock.now);
      const multiplier = before >= 0 ? m.tiers[before]!.multiplier : 1;
      const res = await shop.call('sales.record', { customerId: c, amount, redeemPoints });
      const paid = amount - redeemPoints * POINT_VALUE;
      expect(res.sale.amount, 'paid after the points spent').toBe(paid);
      expect(res.tierBefore ?? null, 'tier before the purchase').toBe(before >= 0 ? m.tiers[before]!.name : null);
      const earned = Math.floor((Math.floor(paid / 10_000) * Math.round(multiplier * 100)) / 100) + m.perVisit;
      expect(res.sale.points, `points of a purchase at ×${multiplier}`).toBe(earned);
      m.sales.push({ id: res.sale.id, customer: c, paid, at: shop.clock.now.getTime(), voided: false });
      return;
    }
    case 'void': {
      const live = m.sales.filter((s) => !s.voided);
      if (live.length === 0) return;
      const sale = live[op.pick % live.length]!;
      await shop.call('sales.void', { saleId: sale.id, reason: 'test' });
      sale.voided = true;
      return;
    }
    case 'adjust': {
      const c = who(op.c);
      const balance = await balanceOf(shop, c);
      let points = op.points;
      if (balance + points < 0 && !op.below) {
        // Refused in words and nothing written; the owner then takes only what is there.
        const err = await shop.fail('points.adjust', { customerId: c, points, reason: 'test' });
        expect(err.code).toBe('POINTS_ADJUST_BELOW_ZERO');
        expect(await balanceOf(shop, c)).toBe(balance);
        points = -balance;
        if (points === 0) return;
      }
      if (balance + points < 0) m.wentBelowZero.add(c);
      await shop.call('points.adjust', { customerId: c, points, reason: 'test', belowZero: op.below });
      return;
    }
    case 'advance':
      shop.clock.now = new Date(shop.clock.now.getTime() + op.days * DAY + op.hours * 3_600_000);
      return;
    case 'expire':
      await expirePoints(shop.backend.ctx);
      return;
    case 'birthdays':
      await grantBirthdays(shop.backend.ctx);
      expect((await grantBirthdays(shop.backend.ctx)).granted, 'a rerun pays nothing more').toBe(0);
      return;
    case 'create':
      await create(shop, m, op.birthday);
      return;
    case 'setFloor': {
      const c = who(op.c);
      const until = addLocalDays(shop.clock.now, op.days);
      await shop.call('tiers.setFloor', { customerId: c, tier: m.tiers[op.tier]!.name, until, reason: 'test' });
      m.floors.set(c, { tier: op.tier, until });
      return;
    }
    case 'clearFloor': {
      const c = who(op.c);
      if (!m.floors.has(c)) return;
      await shop.call('tiers.clearFloor', { customerId: c, reason: 'test' });
      m.floors.delete(c);
      return;
    }
    case 'rules': {
      await shop.call('earning.setRule', { perVisit: op.perVisit, signupBonus: op.signupBonus, birthdayBonus: op.birthdayBonus });
      m.perVisit = op.perVisit;
      m.signupBonus = op.signupBonus;
      m.windowDays = op.windowDays;
      m.tiers = TIER_NAMES.map((name, i) => ({ name, minSpend: op.minSpend[i]!, benefit: '', multiplier: op.multipliers[i]! }));
      await shop.call('tiers.setRule', { windowDays: m.windowDays, tiers: m.tiers });
      return;
    }
  }
}

async function check(shop: TestShop, m: Model, step: number): Promise<void> {
  for (const b of books(shop)) {
    const at = `step ${step}, ${b.id}`;
    expect(b.lots, `${at}: lots hold max(0, balance)`).toBe(Math.max(0, b.balance));
    if (!m.wentBelowZero.has(b.id)) expect(b.balance, `${at}: below zero without an adjustment`).toBeGreaterThanOrEqual(0);
    expect(await balanceOf(shop, b.id), `${at}: balance shown = ledger`).toBe(b.balance);
    const status = await shop.call('tiers.status', { customerId: b.id });
    expect(status.spend, `${at}: spend in the window`).toBe(expectedSpend(m, b.id, shop.clock.now));
    const tier = expectedTier(m, b.id, shop.clock.now);
    expect(status.tier, `${at}: tier`).toBe(tier >= 0 ? m.tiers[tier]!.name : null);
  }
  expect(expiryFaults(shop), `step ${step}: what expiry took, on the lots and in the ledger`).toEqual([]);
  const twice = shop.backend.ctx
    .sqlite!.prepare(
      `SELECT customer_id, reason, count(*) AS n FROM points_ledger WHERE reason LIKE 'birthday %' GROUP BY 1, 2 HAVING n > 1`,
    )
    .all();
  expect(twice, 'a birthday paid twice').toEqual([]);
}

/** One fresh shop per run, closed and removed at its end: shrinking replays hundreds of runs. */
async function run(ops: Op[]): Promise<void> {
  const shop = await openShop({
    // 23:30 in the shop: the first hours forward cross the shop's midnight while UTC's date stays.
    now: '2026-02-20T16:30:00Z',
    settings: { pointsValue: { points: 100, value: 10_000 }, pointsExpiryMonths: 1 },
  });
  try {
    const m: Model = {
      customers: [],
      sales: [],
      floors: new Map(),
      wentBelowZero: new Set(),
      windowDays: 10,
      tiers: [
        { name: 'Silver', minSpend: 200_000, benefit: '', multiplier: 1.25 },
        { name: 'Gold', minSpend: 600_000, benefit: 'x', multiplier: 2 },
      ],
      perVisit: 3,
      signupBonus: 20,
    };
    await shop.call('tiers.setRule', { windowDays: m.windowDays, tiers: m.tiers });
    await shop.call('earning.setRule', { perVisit: m.perVisit, signupBonus: m.signupBonus, birthdayBonus: 40 });
    for (const birthday of ['2000-02-29', '1990-02-25', '1985-03-03']) await create(shop, m, birthday);
    for (const [step, op] of ops.entries()) {
      await apply(shop, m, op);
      await check(shop, m, step);
    }
  } finally {
    await shop.backend.close();
    // helpers' afterEach closes what openShop opened; this one is closed already.
    shop.backend.close = () => Promise.resolve();
    fs.rmSync(shop.dir, { recursive: true, force: true });
  }
}

describe('points ledger and tiers as a property (fast-check)', () => {
  it('keeps balance = ledger = lots, no unallowed debt, and tiers = live spend in the window, after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25, size: 'max' }), (ops) => run(ops)),
      { seed: 1616, numRuns: 40 },
    );
  }, 120_000);
});
