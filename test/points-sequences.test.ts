/**
 * Ledger arithmetic over long random sequences (a seeded generator, so a failure replays):
 * purchases with and without points spent, voids, owner adjustments, time passing and expiry.
 * After every step, for every customer: the balance is the sum of the ledger, the lots hold
 * max(0, balance), and the balance is never below zero unless an owner's adjustment said so.
 */
import { describe, expect, it } from 'vitest';
import { expirePoints } from '../src/main/services/points/expiry';
import { openShop, type TestShop } from './helpers';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function books(shop: TestShop): Promise<{ id: string; balance: number; lots: number }[]> {
  return shop.backend.ctx
    .sqlite!.prepare(
      `SELECT c.id AS id,
      (SELECT coalesce(sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id) AS balance,
      (SELECT coalesce(sum(remaining), 0) FROM point_lots l WHERE l.customer_id = c.id) AS lots
     FROM customers c`,
    )
    .all() as { id: string; balance: number; lots: number }[];
}

describe('points ledger arithmetic', () => {
  for (const seed of [1, 2, 3]) {
    it(`keeps balance = ledger = lots through a random sequence (seed ${seed})`, async () => {
      const random = rng(seed);
      const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
      const shop = await openShop({
        now: '2026-01-01T03:00:00Z',
        settings: { pointsValue: { points: 100, value: 10_000 }, pointsExpiryMonths: 2 },
      });
      const customers: string[] = [];
      for (let i = 0; i < 4; i++) customers.push((await shop.call('customers.create', { fullName: `Khách ${i}` })).id);
      const live: string[] = [];
      const wentBelowZero = new Set<string>();
      for (let step = 0; step < 150; step++) {
        const c = pick(customers);
        const r = random();
        const balance = (await shop.call('customers.get', { id: c })).stats.pointsBalance;
        if (r < 0.45) {
          const amount = 10_000 * (1 + Math.floor(random() * 60));
          const max = Math.min(balance, Math.floor(((amount - 1) * 100) / 10_000));
          const redeemPoints = max > 0 && random() < 0.5 ? 1 + Math.floor(random() * max) : 0;
          live.push((await shop.call('sales.record', { customerId: c, amount, redeemPoints })).sale.id);
        } else if (r < 0.65 && live.length > 0) {
          const sale = live.splice(Math.floor(random() * live.length), 1)[0]!;
          await shop.call('sales.void', { saleId: sale, reason: 'test' });
        } else if (r < 0.8) {
          const below = random() < 0.15;
          const points = random() < 0.5 ? 1 + Math.floor(random() * 50) : -(1 + Math.floor(random() * (below ? 80 : Math.max(1, balance))));
          if (balance + points < 0 && !below) continue;
          if (balance + points < 0) wentBelowZero.add(c);
          await shop.call('points.adjust', { customerId: c, points, reason: 'test', belowZero: below });
        } else {
          shop.clock.now = new Date(shop.clock.now.getTime() + Math.floor(random() * 20) * 86_400_000);
          await expirePoints(shop.backend.ctx);
        }
        for (const b of await books(shop)) {
          expect(b.lots, `step ${step}, ${b.id}`).toBe(Math.max(0, b.balance));
          if (!wentBelowZero.has(b.id)) expect(b.balance, `step ${step}, ${b.id}`).toBeGreaterThanOrEqual(0);
        }
      }
    });
  }
});
