/**
 * A customer's lots as the tests read them (0100: a lot is its earning ledger row, `remaining`
 * not NULL), oldest first, with the expiry as ISO text like the API's.
 */
import { storedGid } from '../src/main/services/keys';
import type { TestShop } from './helpers';

export interface LotRow {
  points: number;
  remaining: number;
  expires_at: string | null;
  sale_id: number | null;
}

export async function lotRows(shop: TestShop, customerId: string): Promise<LotRow[]> {
  const rows = await shop.backend.ctx.db
    .selectFrom('points_ledger as l')
    .innerJoin('customers as c', 'c.id', 'l.customer_id')
    .select(['l.points', 'l.remaining', 'l.expires_at', 'l.sale_id'])
    .where('c.gid', '=', storedGid(customerId)!)
    .where('l.remaining', 'is not', null)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    points: r.points,
    remaining: r.remaining!,
    expires_at: r.expires_at === null ? null : new Date(r.expires_at).toISOString(),
    sale_id: r.sale_id,
  }));
}

/** Per customer (by local key): ledger balance and what the lots hold. */
export const BOOKS_SQL = `SELECT c.id AS id,
  (SELECT coalesce(sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id) AS balance,
  (SELECT coalesce(sum(remaining), 0) FROM points_ledger l WHERE l.customer_id = c.id AND l.remaining IS NOT NULL) AS lots
  FROM customers c`;
