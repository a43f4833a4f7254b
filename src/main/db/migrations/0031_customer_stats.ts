/**
 * Analysis at 100k customers / 1M purchases (issue 4):
 *  - customer_stats: each customer's live (non-voided) purchases — count, total, first and last
 *    instant — kept exact by triggers on sales, so RFM, lifecycle groups, segment conditions over
 *    all history and the dashboard's "first purchase ever" read 100k small rows instead of
 *    grouping a million sales. An insert adds to the row (one upsert); an update of a sale's
 *    customer, total, date or void state, or a delete, recounts the customers concerned from
 *    the covering index sales_customer_sold (one seek each).
 *  - sales_live_sold: live sales in time order with everything the dashboard and the period
 *    conditions read (customer, total), so a period is one index range scan without table reads.
 *    voided_at is in the columns although always NULL: without it SQLite re-reads the row to
 *    check the partial index's condition (see 0020).
 *  - customers_code_id: the customers in code order with their id and erasure, so RFM (which ranks
 *    ties by code) and lifecycle counts join customer_stats without reading customer rows.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

const RECOUNT = (who: string): string => `
    DELETE FROM customer_stats WHERE customer_id IN (${who});
    INSERT INTO customer_stats (customer_id, visits, spend, first_at, last_at)
      SELECT customer_id, count(*), sum(total), min(sold_at), max(sold_at) FROM sales
      WHERE customer_id IN (${who}) AND voided_at IS NULL GROUP BY customer_id;`;

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE customer_stats (
      customer_id TEXT PRIMARY KEY,
      visits INTEGER NOT NULL,
      spend INTEGER NOT NULL,
      first_at TEXT NOT NULL,
      last_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID`,
    `INSERT INTO customer_stats (customer_id, visits, spend, first_at, last_at)
      SELECT customer_id, count(*), sum(total), min(sold_at), max(sold_at) FROM sales
      WHERE customer_id IS NOT NULL AND voided_at IS NULL GROUP BY customer_id`,
    `CREATE INDEX customer_stats_first ON customer_stats(first_at)`,
    `CREATE TRIGGER customer_stats_ai AFTER INSERT ON sales WHEN NEW.customer_id IS NOT NULL AND NEW.voided_at IS NULL BEGIN
      INSERT INTO customer_stats (customer_id, visits, spend, first_at, last_at)
        VALUES (NEW.customer_id, 1, NEW.total, NEW.sold_at, NEW.sold_at)
        ON CONFLICT (customer_id) DO UPDATE SET visits = visits + 1, spend = spend + excluded.spend,
          first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
    END`,
    `CREATE TRIGGER customer_stats_au AFTER UPDATE OF customer_id, total, sold_at, voided_at ON sales BEGIN${RECOUNT('OLD.customer_id, NEW.customer_id')}
    END`,
    `CREATE TRIGGER customer_stats_ad AFTER DELETE ON sales WHEN OLD.customer_id IS NOT NULL BEGIN${RECOUNT('OLD.customer_id')}
    END`,
    `CREATE INDEX sales_live_sold ON sales(sold_at, customer_id, total, voided_at) WHERE voided_at IS NULL`,
    `CREATE INDEX customers_code_id ON customers(code, id, erased_at)`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
