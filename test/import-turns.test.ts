/**
 * A big file checked in the app (inspect, preview, the check before an import) must leave the
 * event loop free between stretches of rows, so the counter's calls are answered meanwhile: a
 * 290k-row preview once held a sale for 1.5 s. Counted in turns given away, not in milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { openShop } from './helpers';

function bigFile(rows: number): string {
  const lines = ['receipt,customer,date,amount,note'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `R${i},${i % 3 === 0 ? '' : `0912${String(i % 500).padStart(6, '0')}`},2026-0${1 + (i % 9)}-1${i % 10},${1000 + i},ghi chú ${i}`,
    );
  return lines.join('\n') + '\n';
}

/** Runs `work` while a setImmediate loop counts the turns the event loop gave to others. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number; longestMs: number }> {
  let turns = 0;
  let running = true;
  let last = performance.now();
  let longestMs = 0;
  const spin = (): void => {
    if (!running) return;
    const t = performance.now();
    longestMs = Math.max(longestMs, t - last);
    last = t;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    const value = await work();
    return { value, turns, longestMs };
  } finally {
    running = false;
  }
}

describe('a big sales file is checked a stretch at a time', () => {
  const ROWS = Number(process.env.IMPORT_TURNS_ROWS ?? 60_000);
  const csv = bigFile(ROWS);
  const mapping = { receipt: 'receipt', customer: 'customer', customerKey: 'phone' as const, date: 'date', amount: 'amount', note: 'note' };

  it('inspect gives the event loop away while it reads the file', async () => {
    const shop = await openShop();
    const { value, turns, longestMs } = await turnsDuring(() => shop.call('imports.inspect', { csv }));
    expect(value.rowCount).toBe(ROWS);
    console.log(`inspect ${ROWS} rows: ${turns} turns, longest ${longestMs.toFixed(0)} ms`);
    expect(turns).toBeGreaterThanOrEqual(ROWS / 5000);
  });

  it('preview gives the event loop away while it reads and checks the rows, and a sale meanwhile is recorded first', async () => {
    const shop = await openShop();
    const order: string[] = [];
    const { value, turns, longestMs } = await turnsDuring(async () => {
      const preview = dispatch(shop.backend.ctx, 'imports.preview', { csv, mapping, options: { createCustomers: true } }).then((r) => {
        order.push('preview');
        return r;
      });
      // The sale is asked for a turn later, as a till's request arriving while the preview runs.
      await new Promise((resolve) => setImmediate(resolve));
      const sale = dispatch(shop.backend.ctx, 'sales.record', { customerId: null, amount: 45_000, note: null }).then((r) => {
        order.push('sale');
        return r;
      });
      const [p, s] = await Promise.all([preview, sale]);
      expect(s.ok).toBe(true);
      return p;
    });
    expect(value.ok && value.value.counts.rows).toBe(ROWS);
    console.log(`preview ${ROWS} rows: ${turns} turns, longest ${longestMs.toFixed(0)} ms`);
    expect(order).toEqual(['sale', 'preview']);
    expect(turns).toBeGreaterThanOrEqual(ROWS / 5000);
  });
});
