/**
 * A customer's lots as the tests read them (0100: a lot is its earning ledger row, `remaining`
 * not NULL), oldest first, with the expiry as ISO text like the API's.
 */
import { apiId, storedGid } from '../src/main/services/keys';
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

/** Per customer (API id and local key): ledger balance and what the lots hold. */
export function books(shop: TestShop): { id: string; key: number; balance: number; lots: number }[] {
  const rows = shop.backend.ctx
    .sqlite!.prepare(
      `SELECT c.id AS key, c.gid AS gid,
        (SELECT coalesce(sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id) AS balance,
        (SELECT coalesce(sum(remaining), 0) FROM points_ledger l WHERE l.customer_id = c.id) AS lots
       FROM customers c`,
    )
    .all() as { key: number; gid: Buffer; balance: number; lots: number }[];
  return rows.map((r) => ({ id: apiId(r.gid), key: r.key, balance: r.balance, lots: r.lots }));
}

/**
 * What expiry took, read off the lots (0109: `expired` and `expired_by` on the lot's row) against
 * the ledger: the rows that break a rule, empty when all hold. Per customer the expire rows add up to
 * what the lots lost; a lot kept and lost at most what it added (a void may give back spent points
 * to an expired lot, which the next run takes) and names an expire row of its customer written once
 * it was due.
 */
export function expiryFaults(shop: TestShop): unknown[] {
  const sqlite = shop.backend.ctx.sqlite!;
  const perCustomer = sqlite
    .prepare(
      `SELECT c.id AS customer,
        (SELECT coalesce(-sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id AND p.kind = 'expire') AS rows,
        (SELECT coalesce(sum(expired), 0) FROM points_ledger l WHERE l.customer_id = c.id) AS lots
       FROM customers c WHERE rows != lots`,
    )
    .all();
  const perLot = sqlite
    .prepare(
      `SELECT l.id, l.points, l.remaining, l.expired, e.kind, e.customer_id = l.customer_id AS same, e.created_at >= l.expires_at AS due
       FROM points_ledger l LEFT JOIN points_ledger e ON e.id = l.expired_by
       WHERE l.expired IS NOT NULL AND (e.kind IS NOT 'expire' OR NOT same OR NOT due OR l.remaining + l.expired > l.points)`,
    )
    .all();
  return [...perCustomer, ...perLot];
}
