/**
 * `regulars rfm`: RFM segment sizes as of a day, as JSON (for scripts and analysts) or a table.
 * Runs through dispatch, so the CLI validates exactly like the app.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RfmSummary } from '../../shared/contract/segments';
import { formatMoney } from '../../shared/money';
import type { ShopSettings } from '../../shared/domain';
import { dispatch } from '../api/dispatch';
import { openBackend } from '../backend';

export const RFM_HELP = `  rfm       RFM segments (recency, frequency, monetary quintiles) of the customers who bought.
            [--as-of YYYY-MM-DD] (default today) [--window-from YYYY-MM-DD] (default all history)
            [--json] machine-readable output`;

export async function rfmCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
): Promise<number> {
  let values: { 'data-dir'?: string; 'as-of'?: string; 'window-from'?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'data-dir': { type: 'string' },
        'as-of': { type: 'string' },
        'window-from': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  const backend = await openBackend(path.resolve(dataDirOf(values['data-dir'])));
  try {
    const r = await dispatch(backend.ctx, 'rfm.compute', { asOf: values['as-of'], windowFrom: values['window-from'] ?? null });
    if (!r.ok) throw usageError(r.error.message.replace(/^asOf/, '--as-of').replace(/^windowFrom/, '--window-from'));
    const summary = r.value as RfmSummary;
    if (values.json) {
      out(JSON.stringify(toJson(summary)));
    } else {
      const s = await dispatch(backend.ctx, 'settings.get', {});
      out(toTable(summary, (s as { ok: true; value: ShopSettings }).value));
    }
  } finally {
    await backend.close();
  }
  return 0;
}

function toJson(s: RfmSummary) {
  return {
    segments: Object.fromEntries(s.segments.map((x) => [x.segment, x.size])),
    asOf: s.asOf,
    windowFrom: s.windowFrom,
    customers: s.customers,
    revenue: s.revenue,
    details: Object.fromEntries(s.segments.map(({ segment, ...rest }) => [segment, rest])),
    grid: s.grid,
    methods: s.methods,
    edges: s.edges,
  };
}

function toTable(s: RfmSummary, settings: ShopSettings): string {
  const money = (v: number): string => formatMoney(Math.round(v), settings.currency, 'en');
  const head = ['segment', 'customers', 'revenue share', 'mean recency (days)', 'mean purchases', 'mean spend'];
  const rows = s.segments.map((x) => [
    x.segment,
    String(x.size),
    (x.revenueShare * 100).toFixed(1) + '%',
    x.size ? x.meanRecencyDays.toFixed(1) : '-',
    x.size ? x.meanFrequency.toFixed(2) : '-',
    x.size ? money(x.meanMonetary) : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `RFM as of ${s.asOf}${s.windowFrom ? `, purchases since ${s.windowFrom}` : ', all history'}: ${s.customers} customers, revenue ${money(s.revenue)}`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
