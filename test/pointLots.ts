/**
 * A customer's lots as the tests read them (a lot is its earning ledger row, `lot_debt` not NULL;
 * what is left of it is its point_lots row, 0112, none when emptied), oldest first, with the
 * expiry as ISO text like the API's.
 */
import { apiId, storedGid } from '../src/main/services/keys';
import { expiryKey, expiryKeySql, NEVER_EXPIRES } from '../src/main/services/points/lots';
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
    .select(['l.points', 'l.expires_at', 'l.sale_id'])
    .select((eb) =>
      eb
        .selectFrom('point_lots as o')
        .select('o.remaining')
        .whereRef('o.lot_id', '=', 'l.id')
        .whereRef('o.customer_id', '=', 'l.customer_id')
        .whereRef('o.created_at', '=', 'l.created_at')
        .where('o.expiry_key', '=', expiryKeySql('l.expires_at'))
        .as('remaining'),
    )
    .where('c.gid', '=', storedGid(customerId)!)
    .where('l.lot_debt', 'is not', null)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return rows.map((r) => ({
    points: r.points,
    remaining: r.remaining ?? 0,
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
        (SELECT coalesce(sum(remaining), 0) FROM point_lots l WHERE l.customer_id = c.id) AS lots
       FROM customers c`,
    )
    .all() as { key: number; gid: Buffer; balance: number; lots: number }[];
  return rows.map((r) => ({ id: apiId(r.gid), key: r.key, balance: r.balance, lots: r.lots }));
}

/**
 * The point_lots rows that break a rule (0112), empty when all hold: each is keyed from its lot's
 * ledger row (customer, expiry or NEVER_EXPIRES, creation) and holds no more than the lot started with.
 */
export function lotFaults(shop: TestShop): unknown[] {
  return shop.backend.ctx
    .sqlite!.prepare(
      `SELECT o.*, l.customer_id AS ledger_customer, l.expires_at, l.created_at AS ledger_created, l.points, l.lot_debt
       FROM point_lots o LEFT JOIN points_ledger l ON l.id = o.lot_id
       WHERE l.id IS NULL OR l.lot_debt IS NULL OR l.customer_id != o.customer_id OR l.created_at != o.created_at
         OR coalesce(l.expires_at + ${expiryKey(0)}, ${NEVER_EXPIRES}) != o.expiry_key OR o.remaining > l.points - l.lot_debt`,
    )
    .all();
}

/**
 * What expiry took, read off lot_expiries (0112; on the lot's row in 0109) against the ledger: the
 * rows that break a rule, empty when all hold. Per customer the expire rows add up to what the lots
 * lost; a lot kept and lost at most what it started with (a void may give back spent points to an
 * expired lot, which the next run takes) and each expire row that took from it is of its customer
 * and written once it was due. The point_lots rows hold too (`lotFaults`).
 */
export function expiryFaults(shop: TestShop): unknown[] {
  const sqlite = shop.backend.ctx.sqlite!;
  const perCustomer = sqlite
    .prepare(
      `SELECT c.id AS customer,
        (SELECT coalesce(-sum(points), 0) FROM points_ledger p WHERE p.customer_id = c.id AND p.kind = 'expire') AS rows,
        (SELECT coalesce(sum(x.expired), 0) FROM lot_expiries x JOIN points_ledger l ON l.id = x.lot_id WHERE l.customer_id = c.id) AS lots
       FROM customers c WHERE rows != lots`,
    )
    .all();
  const perLot = sqlite
    .prepare(
      `SELECT l.id, l.points, l.lot_debt, x.expired, e.kind, e.customer_id = l.customer_id AS same, e.created_at >= l.expires_at AS due,
         coalesce((SELECT remaining FROM point_lots o WHERE o.lot_id = l.id), 0) AS remaining,
         (SELECT sum(expired) FROM lot_expiries y WHERE y.lot_id = l.id) AS lost
       FROM lot_expiries x JOIN points_ledger l ON l.id = x.lot_id LEFT JOIN points_ledger e ON e.id = x.expired_by
       WHERE l.lot_debt IS NULL OR e.kind IS NOT 'expire' OR NOT same OR NOT due OR remaining + lost > l.points - l.lot_debt`,
    )
    .all();
  return [...perCustomer, ...perLot, ...lotFaults(shop)];
}
