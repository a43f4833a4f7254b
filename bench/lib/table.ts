/** The human-readable table: one line per figure, with the target and whether it is met. */
import type { FigureValue } from '../figures';
import { TARGETS } from './targets';

function show(v: FigureValue): string {
  if (typeof v === 'number') return v >= 10_000 ? Math.round(v).toLocaleString('en-US') : String(v);
  return `p50 ${v.p50}  p99 ${v.p99}  max ${v.max}  (n=${v.n})`;
}

export function formatTable(figures: Record<string, FigureValue>): string {
  const rows = Object.entries(figures).map(([name, v]) => {
    const t = TARGETS[name];
    let target = '';
    let verdict = '';
    if (t) {
      const x = t.at === 'p99' && typeof v !== 'number' ? v.p99 : typeof v === 'number' ? v : NaN;
      target = t.max !== undefined ? `${t.at === 'p99' ? 'p99 ' : ''}≤ ${t.max}` : `≥ ${t.min}`;
      verdict = (t.max === undefined || x <= t.max) && (t.min === undefined || x >= t.min) ? 'ok' : 'MISSED';
    }
    return [name, show(v), target, verdict];
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'target', ''][i]!.length));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(['figure', 'value', 'target', '']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
