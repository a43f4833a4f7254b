/** Sniffing a CSV's delimiter costs one pass, however many blank lines come before the header. */
import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../src/main/services/importSales/csv';
import { openShop } from './helpers';

describe('delimiter sniffing', () => {
  it('inspects a file opening with 400,000 blank lines (the quadratic version needed minutes: 3.5 s at 40,000)', async () => {
    const shop = await openShop();
    const csv = '\n'.repeat(400_000) + 'receipt;customer;date;amount\nR1;C000001;2026-01-01;1000\n';
    const started = performance.now();
    const inspected = await shop.call('imports.inspect', { csv });
    const ms = performance.now() - started;
    expect(inspected.delimiter).toBe(';');
    expect(inspected.columns).toEqual(['receipt', 'customer', 'date', 'amount']);
    expect(inspected.rowCount).toBe(1);
    // Far above the linear cost (well under a second here), far below the quadratic one.
    expect(ms).toBeLessThan(20_000);
  }, 120_000);

  it('still skips blank lines and reads only the header line', () => {
    expect(detectDelimiter('\n \n  \r\nreceipt|customer|date|amount\n1,2,3;4;5;6;7\n')).toBe('|');
    expect(detectDelimiter('"a;b",c,d\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('  \r\n  a\tb\tc\r\n')).toBe('\t');
    expect(detectDelimiter('')).toBe(',');
  });
});
