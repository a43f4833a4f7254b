/**
 * Issue 4's figures (segmentation, RFM, dashboard, import), each call through dispatch like the UI
 * makes it, except the import's setup. "Cold" figures clear everything derived (derived.ts) first.
 *  - rfm_ms: full RFM over every customer (median of cold runs; the runs in rfm_cold_ms);
 *  - segment_count_ms: live counts of two 3-rule segments (gender + visits in the last 90 days +
 *    consent; all-time spend + last purchase + tag), both rules' calls together;
 *  - dashboard_ms: the worse median of one month by day and one year by month (both in detail),
 *    each opened right after a purchase at the counter (what an owner meets during the day);
 *    dashboard_cold_ms: the same with nothing derived yet (the first look after the app starts);
 *    dashboard_all_ms: all history by month, cold; lifecycle_ms: the lifecycle group counts;
 *  - rfm_after_sale_ms: RFM right after a purchase (the stats snapshot patched, then rescored);
 *  - import_sales_rows_per_s: a CSV of past sales for existing customers, committed through
 *    imports.commit on a copy of the working database (so later groups see the same shop).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openBackend } from '../../src/main/backend';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { nextTurn } from '../../src/main/services/context';
import { clearDerived } from '../../src/main/services/derived';
import { addDays } from '../../src/main/services/localTime';
import type { RuleGroup } from '../../src/shared/contract/segments';
import { localDate } from '../../src/shared/time';
import { percentiles, round, timeEach } from '../lib/stats';
import { call } from './samples';
import type { FigureGroup, FigureValue } from './types';

const SEGMENT_A: RuleGroup = {
  kind: 'group',
  op: 'and',
  rules: [
    { kind: 'gender', in: ['female'] },
    { kind: 'visits', period: { kind: 'lastDays', days: 90 }, min: 1 },
    { kind: 'consent', marketing: true },
  ],
};
const SEGMENT_B: RuleGroup = {
  kind: 'group',
  op: 'and',
  rules: [
    { kind: 'spend', period: { kind: 'all' }, min: 2_000_000 },
    { kind: 'lastPurchase', op: 'withinDays', days: 180 },
    { kind: 'tags', op: 'any', tags: ['vip'] },
  ],
};

async function timeRuns(n: number, fn: () => Promise<unknown>, before: () => void = () => undefined): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    before();
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export const analysisFigures: FigureGroup = {
  name: 'analysis',
  async run(ctx) {
    const { backend } = ctx;
    const db = backend.ctx.db;
    const cold = (): void => clearDerived(db);
    const figures: Record<string, FigureValue> = {};

    const rfmRuns = await timeRuns(ctx.iterations(7, 3), () => call(backend, 'rfm.compute', {}), cold);
    figures.rfm_ms = percentiles(rfmRuns).p50;
    figures.rfm_cold_ms = percentiles(rfmRuns);

    const n = ctx.iterations(100, 10);
    const rules = [...Array.from({ length: n }, () => SEGMENT_A), ...Array.from({ length: n }, () => SEGMENT_B)];
    figures.segment_count_ms = await timeEach(rules, (rule) => call(backend, 'segments.count', { rule }), 4);
    figures.segment_count_a_ms = await timeEach(rules.slice(0, n), (rule) => call(backend, 'segments.count', { rule }), 2);
    figures.segment_count_b_ms = await timeEach(rules.slice(n), (rule) => call(backend, 'segments.count', { rule }), 2);
    figures.lifecycle_ms = percentiles(await timeRuns(ctx.iterations(10, 3), () => call(backend, 'lifecycle.counts', {})));

    // Periods end on the shop day of the latest purchase: the last 31 days, the last 12 months.
    const { timeZone } = await call(backend, 'settings.get', {});
    const span = await db
      .selectFrom('sales')
      .select([sql<number | null>`min(sold_at)`.as('first'), sql<number | null>`max(sold_at)`.as('last')])
      .executeTakeFirstOrThrow();
    const to = localDate(span.last ? new Date(span.last) : new Date(), timeZone);
    const first = localDate(span.first ? new Date(span.first) : new Date(), timeZone);
    const dash = (from: string, granularity: 'day' | 'month') => () =>
      call(backend, 'reports.dashboard', { from, to, granularity, top: 10 });
    // What an owner meets during the day: a purchase at the counter, then the dashboard (today's
    // bucket and that customer are recounted, RFM rescored). Cold = nothing derived yet (the first
    // look after the app starts).
    const visitors = ctx.visitors();
    let v = 0;
    const sale = (): Promise<unknown> =>
      call(backend, 'sales.record', { customerId: visitors[v++ % visitors.length]!.id, cardNumber: null, amount: 120_000, note: null });
    const afterSale = async (run: () => Promise<unknown>): Promise<number[]> => {
      await run(); // fills the caches
      const out: number[] = [];
      for (let i = 0; i < ctx.iterations(10, 3); i++) {
        await sale();
        await nextTurn();
        const t = performance.now();
        await run();
        out.push(performance.now() - t);
      }
      return out;
    };
    const k = ctx.iterations(10, 3);
    const monthFrom = addDays(to, -30);
    const yearFrom = addDays(to.slice(0, 8) + '01', -334).slice(0, 8) + '01';
    const month = percentiles(await afterSale(dash(monthFrom, 'day')));
    const year = percentiles(await afterSale(dash(yearFrom, 'month')));
    figures.dashboard_ms = Math.max(month.p50, year.p50);
    figures.dashboard_month_by_day_ms = month;
    figures.dashboard_year_by_month_ms = year;
    const monthCold = percentiles(await timeRuns(k, dash(monthFrom, 'day'), cold));
    const yearCold = percentiles(await timeRuns(k, dash(yearFrom, 'month'), cold));
    figures.dashboard_cold_ms = Math.max(monthCold.p50, yearCold.p50);
    figures.dashboard_cold_month_by_day_ms = monthCold;
    figures.dashboard_cold_year_by_month_ms = yearCold;
    figures.dashboard_all_ms = percentiles(await timeRuns(ctx.iterations(3, 1), dash(first, 'month'), cold));
    figures.rfm_after_sale_ms = percentiles(await afterSale(() => call(backend, 'rfm.compute', {})));

    figures.import_sales_rows_per_s = await importRate(
      ctx.scratchDir(),
      backend.database.sqlite,
      ctx.iterations(50_000, 2_000),
      ctx.rng.next,
    );
    return figures;
  },
};

/** 50k past sales for existing customers (by code), dated over the last year, on a copy of the shop. */
async function importRate(
  dir: string,
  source: { prepare(sql: string): { run(...a: unknown[]): unknown } },
  rows: number,
  random: () => number,
): Promise<number> {
  source.prepare('VACUUM INTO ?').run(path.join(dir, DB_FILE_NAME));
  const copy = await openBackend(dir);
  try {
    const codes = (await copy.ctx.db.selectFrom('customers').select('code').where('erased_at', 'is', null).execute()).map((r) => r.code);
    const lines = ['receipt,customer,date,amount'];
    const start = Date.parse('2025-11-01T00:00:00Z');
    for (let i = 0; i < rows; i++) {
      const at = new Date(start + Math.floor(random() * 365 * 86_400_000)).toISOString().slice(0, 16).replace('T', ' ');
      lines.push(`BENCH-${i},${codes[Math.floor(random() * codes.length)]},${at},${(25 + Math.floor(random() * 700)) * 1000}`);
    }
    const csv = lines.join('\n') + '\n';
    const t = performance.now();
    // Points earned, as imports wrote before earning became the owner's choice: the figure stays comparable.
    const r = await call(copy, 'imports.commit', { csv, fileName: 'bench-history.csv', options: { earnPoints: true } });
    const s = (performance.now() - t) / 1000;
    if (r.imported !== rows) throw new Error(`import wrote ${r.imported} of ${rows} rows`);
    return round(rows / s, 0);
  } finally {
    await copy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
