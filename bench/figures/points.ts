/**
 * Points beyond earning (issue 16), on a shop whose points are worth money, expire after 12 months
 * and whose customers have tiers with multipliers and points per visit (so the sale takes every
 * earning path):
 *  - record_sale_with_redeem_ms: purchases at the counter spending part of the visitor's balance.
 *  - expiry_run_ms: expiring a year of lots (every lot earned between 24 and 12 months ago is made
 *    due; the generated lots never expire otherwise), while a purchase is rung up every 10 ms;
 *    expiry_counter_wait_ms is how long those purchases took from when each was due, the wait behind
 *    a chunk included (the target: none waits over 50 ms).
 *  - birthday_run_ms: the birthday job over every customer (bonuses.ts), the same probe alongside.
 * It changes settings and lots, so it runs last.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { maxPointsFor } from '../../src/shared/points';
import { NEVER_EXPIRES } from '../../src/main/services/points/lots';
import { expirePoints } from '../../src/main/services/points/expiry';
import { grantBirthdays } from '../../src/main/services/points/bonuses';
import { percentiles, round, timeEach } from '../lib/stats';
import { withCounterProbe } from '../lib/probe';
import { call } from './samples';
import type { FigureGroup } from './types';

const POINT_VALUE = { points: 100, value: 10_000 };

/**
 * Gives the open lots earned in [from, to) an expiry 12 calendar months after they were earned
 * (added by SQLite, times in ms): on their ledger rows and in their point_lots keys (0112: the
 * expiry less 2^47, services/points/lots.ts `expiryKey`).
 */
export function dueInAYear(sqlite: BetterSqlite3.Database, from: number, to: number): void {
  const plus12 = (col: string): string => `CAST(round(unixepoch(${col} / 1000.0, 'unixepoch', '+12 months', 'subsec') * 1000) AS INTEGER)`;
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `UPDATE points_ledger SET expires_at = ${plus12('created_at')}
         WHERE id IN (SELECT lot_id FROM point_lots WHERE created_at >= ? AND created_at < ? AND expiry_key = ${NEVER_EXPIRES})`,
      )
      .run(from, to);
    sqlite
      .prepare(
        `UPDATE point_lots SET expiry_key = ${plus12('created_at')} - ${2 ** 47} WHERE created_at >= ? AND created_at < ? AND expiry_key = ${NEVER_EXPIRES}`,
      )
      .run(from, to);
  })();
}
export const pointsFigures: FigureGroup = {
  name: 'points',
  async run(ctx) {
    const b = ctx.backend;
    const sqlite = b.ctx.sqlite!;
    const s = await call(b, 'settings.get', {});
    await call(b, 'settings.update', {
      shopName: s.shopName,
      currency: s.currency,
      locale: s.locale,
      timeZone: s.timeZone,
      country: s.country,
      pointsRule: s.pointsRule,
      pointsValue: POINT_VALUE,
      pointsExpiryMonths: 12,
    });
    await call(b, 'tiers.setRule', {
      windowDays: 365,
      tiers: [
        { name: 'Silver', minSpend: 2_000_000, multiplier: 1.25 },
        { name: 'Gold', minSpend: 5_000_000, multiplier: 1.5, benefit: 'Free cake' },
        { name: 'Diamond', minSpend: 10_000_000, multiplier: 2 },
      ],
    });
    await call(b, 'earning.setRule', { perVisit: 1, signupBonus: 0, birthdayBonus: 0 });

    const balance = sqlite.prepare('SELECT coalesce(sum(points), 0) AS b FROM points_ledger WHERE customer_id = ?');
    const amounts = ctx.rng.fork('redeem-amounts');
    // Each customer once: their balance is read before any of these purchases spends from it.
    const sales = [...new Map(ctx.visitors().map((v) => [v.id, v])).values()]
      .map((v) => {
        const amount = amounts.int(25, 800) * 1000;
        const have = Number((balance.get(v.key) as { b: number }).b);
        const redeemPoints = Math.min(have, maxPointsFor(amount, POINT_VALUE), amounts.int(1, 500));
        return { customerId: v.id, amount, redeemPoints };
      })
      .filter((x) => x.redeemPoints > 0)
      .slice(0, ctx.iterations(1_000, 100));
    // timeEach's warm-up would repeat the first purchases (spending the same balance twice): warm
    // the redeeming path up on ten purchases of its own, then time each customer once.
    const warm = sales.splice(0, 10);
    for (const x of warm) await call(b, 'sales.record', x);
    const redeem = await timeEach(sales, (x) => call(b, 'sales.record', x), 0);

    // A year of lots falls due: those earned between 24 and 12 months ago get a 12-month expiry.
    const now = b.ctx.now();
    const monthsAgo = (m: number): number => {
      const d = new Date(now);
      d.setUTCMonth(d.getUTCMonth() - m);
      return d.getTime();
    };
    dueInAYear(sqlite, monthsAgo(24), monthsAgo(12));
    const probeVisitors = ctx.visitors();
    const probeSale = (i: number): Promise<unknown> =>
      call(b, 'sales.record', { customerId: probeVisitors[i % probeVisitors.length]!.id, amount: 45_000 });
    let report = { lots: 0, points: 0 };
    const expiry = await withCounterProbe(
      async () => {
        report = await expirePoints(b.ctx);
      },
      probeSale,
      10,
    );

    await call(b, 'earning.setRule', { perVisit: 1, signupBonus: 0, birthdayBonus: 50 });
    let granted = 0;
    const birthdays = await withCounterProbe(
      async () => {
        granted = (await grantBirthdays(b.ctx)).granted;
      },
      probeSale,
      10,
    );

    return {
      record_sale_with_redeem_ms: redeem,
      expiry_lots: report.lots,
      expiry_run_ms: round(expiry.ms, 1),
      expiry_counter_wait_ms: percentiles(expiry.waits),
      birthday_bonuses: granted,
      birthday_run_ms: round(birthdays.ms, 1),
      birthday_counter_wait_ms: percentiles(birthdays.waits),
    };
  },
};
