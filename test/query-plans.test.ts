import { describe, expect, it } from 'vitest';
import { makeCardNumber } from '../src/shared/cardNumber';
import { openShop } from './helpers';

/** The counter's hot queries must use their indexes: a lost index fails here, not at a busy till. */
describe('query plans', () => {
  it('uses indexes for the swipe, the summary and the search', async () => {
    const shop = await openShop();
    const sqlite = shop.backend.database.sqlite;
    const plan = (q: string, ...args: unknown[]) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT * FROM cards WHERE number = ?`, makeCardNumber(1))).toMatch(/USING INDEX sqlite_autoindex_cards/);
    const summary = plan(
      `SELECT count(*), sum(total), min(sold_at), max(sold_at) FROM sales WHERE customer_id = ? AND voided_at IS NULL`,
      'x',
    );
    expect(summary).toMatch(/USING COVERING INDEX sales_customer_sold/);
    expect(plan(`SELECT sum(points) FROM points_ledger WHERE customer_id = ?`, 'x')).toMatch(/COVERING INDEX points_ledger_customer/);
    expect(plan(`SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?`, '"abc"')).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan(`SELECT * FROM customers WHERE phone_canonical = ?`, '0901')).toMatch(/USING INDEX customers_phone_canonical/);
  });
});
