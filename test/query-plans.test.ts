import { describe, expect, it } from 'vitest';
import { makeCardNumber } from '../src/shared/cardNumber';
import { amountGuideQuery } from '../src/main/services/sales';
import { expiredOfSale, lotStatements } from '../src/main/services/points/lots';
import { chunkQueries } from '../src/main/services/points/expiry';
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
      1,
    );
    expect(summary).toMatch(/USING COVERING INDEX sales_customer_sold/);
    expect(plan(`SELECT sum(points) FROM points_ledger WHERE customer_id = ?`, 1)).toMatch(/COVERING INDEX points_ledger_customer/);
    // Points lots (0112): a redeem draws from the customer's point_lots rows (one range, in draw
    // order); an expiry chunk reads and deletes a range of them; a void finds what expiry took from
    // its lots through the customer's expire rows. None scans the ledger or the lots.
    const k = { db: shop.backend.ctx.db, sqlite };
    const noScan = (p: string): string => (expect(p).not.toMatch(/SCAN (points_ledger|point_lots|lot_expiries|e|l|x)\b/), p);
    expect(noScan(plan(lotStatements(k).open.source, 1))).toMatch(/SEARCH point_lots USING PRIMARY KEY \(customer_id=\?\)/);
    const chunk = chunkQueries(k.db, { at: 1, lo: 0, hi: 500, base: 10, origin: 1, hlc0: 0 });
    for (const q of [chunk.expireRows, chunk.expiries, chunk.empty]) {
      const c = q.compile();
      expect(noScan(plan(c.sql, ...c.parameters))).toMatch(/SEARCH point_lots USING PRIMARY KEY \(customer_id>\? AND customer_id<\?\)/);
    }
    const v = expiredOfSale(k.db, 1, 1).compile();
    const voidPlan = noScan(plan(v.sql, ...v.parameters));
    expect(voidPlan).toMatch(/SEARCH e USING INDEX points_ledger_customer \(customer_id=\?\)/);
    expect(voidPlan).toMatch(/SEARCH x USING PRIMARY KEY \(expired_by=\?\)/);
    expect(plan(`SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?`, '"abc"')).toMatch(/VIRTUAL TABLE INDEX/);
    expect(plan(`SELECT * FROM customers WHERE phone_canonical = ?`, '0901')).toMatch(/USING INDEX customers_phone_canonical/);
    // A whole phone number at the counter: its digits through FTS, its E.164 key through the
    // phone_canonical index, merged; never a scan of the customers (issue 13).
    const phone = plan(
      `SELECT c.rowid FROM customers c WHERE c.erased_at IS NULL
       AND (c.rowid IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ?) OR c.phone_canonical = ?)
       ORDER BY c.search_name, c.code`,
      '"0912345678"',
      '+84912345678',
    );
    expect(phone).toMatch(/MULTI-INDEX OR/);
    expect(phone).toMatch(/VIRTUAL TABLE INDEX/);
    expect(phone).toMatch(/SEARCH c USING INDEX customers_phone_canonical \(phone_canonical=\?\)/);
    expect(phone).not.toMatch(/SCAN c\b/);
    // Today's list at the counter, voids included (0041).
    expect(plan(`SELECT * FROM sales WHERE sold_at >= ? AND sold_at < ? ORDER BY sold_at DESC`, 1, 2)).toMatch(
      /USING INDEX sales_by_time \(sold_at>\? AND sold_at<\?\)/,
    );
    // The counter's amount guide: the newest end of the time index, no table rows, no sort (issue 13).
    const guide = amountGuideQuery(shop.backend.ctx.db, '2026-11-01T00:00:00.000Z').compile();
    const guidePlan = plan(guide.sql, ...guide.parameters);
    expect(guidePlan).toMatch(/SEARCH sales USING COVERING INDEX sales_by_time \(sold_at>\?\)/);
    expect(guidePlan).not.toMatch(/TEMP B-TREE/);
  });

  it('answers the analysis queries from indexes and customer_stats (issue 4)', async () => {
    const shop = await openShop();
    const sqlite = shop.backend.database.sqlite;
    const plan = (q: string, ...args: unknown[]) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    // Times are ms (0100), customers and sales local keys.
    const [a, b] = [Date.parse('2026-10-31T17:00:00.000Z'), Date.parse('2026-11-30T17:00:00.000Z')];
    // A dashboard bucket: one range of the covering index, no table rows.
    const bucket = plan(
      `SELECT count(*), sum(total), sum(CASE WHEN customer_id IS NULL THEN total END), count(DISTINCT customer_id),
           (SELECT count(*) FROM customer_stats WHERE first_at >= ? AND first_at < ?)
         FROM sales INDEXED BY sales_by_time WHERE sold_at >= ? AND sold_at < ? AND voided_at IS NULL`,
      a,
      b,
      a,
      b,
    );
    expect(bucket).toMatch(/SEARCH sales USING COVERING INDEX sales_by_time \(sold_at>\? AND sold_at<\?\)/);
    expect(bucket).toMatch(/SEARCH customer_stats USING COVERING INDEX customer_stats_first/);
    // A period condition of a segment: the same range, grouped by customer.
    expect(
      plan(
        `SELECT customer_id FROM sales INDEXED BY sales_by_time WHERE sold_at >= ? AND voided_at IS NULL AND customer_id IS NOT NULL GROUP BY customer_id HAVING count(*) >= 1`,
        a,
      ),
    ).toMatch(/SEARCH sales USING COVERING INDEX sales_by_time \(sold_at>\?\)/);
    // RFM and lifecycle: live customers in code order, joined to customer_stats by key.
    const rfm = plan(
      `SELECT c.id, c.code, st.visits, st.spend, st.last_at FROM customers c INDEXED BY customers_code_id
       JOIN customer_stats st ON st.customer_id = c.id WHERE c.erased_at IS NULL ORDER BY c.code`,
    );
    expect(rfm).toMatch(/SCAN c USING COVERING INDEX customers_code_id/);
    expect(rfm).toMatch(/SEARCH st USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(rfm).not.toMatch(/TEMP B-TREE/);
    // The cold reads as lists (derived.ts loadSnapshot, reports.ts scanBucket): the same index walks, no sort.
    // A chunk's end: a walk along the index; the chunk: that range of codes, each seeking its stats.
    const chunkEnd = plan(`SELECT code FROM customers INDEXED BY customers_code_id WHERE code > ? ORDER BY code LIMIT 1 OFFSET 12499`, '');
    expect(chunkEnd).toMatch(/SEARCH customers USING COVERING INDEX customers_code_id \(code>\?\)/);
    expect(chunkEnd).not.toMatch(/TEMP B-TREE/);
    const snapshotChunk = plan(
      `SELECT count(*), group_concat(c.id), group_concat(c.code, char(31)), group_concat(st.last_at)
       FROM customers c INDEXED BY customers_code_id JOIN customer_stats st ON st.customer_id = c.id
       WHERE c.code > ? AND c.code <= ?`,
      '',
      'z',
    );
    expect(snapshotChunk).toMatch(/SEARCH c USING COVERING INDEX customers_code_id \(code>\? AND code<\?\)/);
    expect(snapshotChunk).toMatch(/SEARCH st USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(snapshotChunk).not.toMatch(/TEMP B-TREE|CO-ROUTINE/);
    const bucketLists = plan(
      `SELECT count(*), count(customer_id), group_concat(customer_id), group_concat(total) FILTER (WHERE customer_id IS NOT NULL)
         FROM sales INDEXED BY sales_by_time WHERE sold_at >= ? AND sold_at < ? AND voided_at IS NULL`,
      a,
      b,
    );
    expect(bucketLists).toMatch(/SEARCH sales USING COVERING INDEX sales_by_time \(sold_at>\? AND sold_at<\?\)/);
    expect(bucketLists).not.toMatch(/TEMP B-TREE/);
    // A segment's demographic conditions: the covering index, not the customers' rows (0040).
    expect(
      plan(`SELECT count(*) FROM customers c WHERE c.erased_at IS NULL AND c.gender IN ('female') AND c.consent_marketing = 1`),
    ).toMatch(/COVERING INDEX customers_segment/);
    expect(
      plan(
        `SELECT count(*) FROM customers c WHERE c.erased_at IS NULL AND instr(c.tags, ?) > 0 AND +c.id IN (SELECT customer_id FROM customer_stats)`,
        '"vip"',
      ),
    ).toMatch(/SCAN c USING COVERING INDEX customers_segment/);
    // The recent-visits seek of the lifecycle counts.
    expect(plan(`SELECT 1 FROM sales s WHERE s.customer_id = ? AND s.voided_at IS NULL AND s.sold_at >= ? LIMIT 6`, 1, a)).toMatch(
      /COVERING INDEX sales_customer_sold \(customer_id=\? AND sold_at>\?\)/,
    );
    // The caches' feed (derived.ts): purchases since the last one seen, by key; changed ones by key.
    const feed = plan(
      `SELECT customer_id, sold_at FROM sales WHERE id IN (SELECT value FROM json_each(?))
       UNION ALL SELECT customer_id, sold_at FROM sales WHERE id > ? AND id <= ?`,
      '[1]',
      1,
      2,
    );
    expect(feed).toMatch(/SEARCH sales USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(feed).toMatch(/SEARCH sales USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    // A period's spends (reports.ts loadPeriod): customer_stats walked by key, each buyer one seek.
    const period = plan(
      `SELECT st.customer_id, count(*) AS n, sum(s.total) AS rev
       FROM customer_stats st CROSS JOIN sales s INDEXED BY sales_customer_sold
       WHERE st.customer_id > ? AND st.last_at >= ? AND st.first_at < ?
         AND s.customer_id = st.customer_id AND s.sold_at >= ? AND s.sold_at < ? AND s.voided_at IS NULL
       GROUP BY st.customer_id ORDER BY st.customer_id LIMIT 100`,
      0,
      a,
      b,
      a,
      b,
    );
    expect(period).toMatch(/SEARCH st USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(period).toMatch(/SEARCH s USING COVERING INDEX sales_customer_sold \(customer_id=\? AND sold_at>\? AND sold_at<\?\)/);
    expect(period).not.toMatch(/TEMP B-TREE/);
  });
});
