/**
 * Fast fixtures for RFM, segment and report tests: rows go straight in through the kysely db
 * (the services' own write paths are covered elsewhere). The test shop's zone is UTC+7.
 * Customers are named by their API id (the gid's text), as the services return them; rows are
 * written at the 0100 layout (local keys, a gid, sales times in ms, the install as origin).
 */
import type { Insertable } from 'kysely';
import type { CustomersTable } from '../src/main/db/schema';
import { apiId, installKey, newGid, storedGid } from '../src/main/services/keys';
import type { TestShop } from './helpers';

/** A local wall-clock time in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) as a UTC ISO string. */
export function local(date: string, time = '09:00'): string {
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}

/** YYYY-MM-DD `days` days before `date`. */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') - days * 86_400_000).toISOString().slice(0, 10);
}

/** A customer's local key from its API id (for tests that write or read rows directly). */
export async function customerKey(shop: TestShop, id: string): Promise<number> {
  const row = await shop.backend.ctx.db.selectFrom('customers').select('id').where('gid', '=', storedGid(id)!).executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a customer; returns its API id. Keys follow the order of the calls (ties sort by key). */
export async function addCustomer(
  shop: TestShop,
  code: string,
  extra: Partial<Omit<Insertable<CustomersTable>, 'id' | 'gid'>> = {},
): Promise<string> {
  const gid = newGid();
  const at = '2020-01-01T00:00:00.000Z';
  await shop.backend.ctx.db
    .insertInto('customers')
    .values({
      gid,
      code,
      full_name: extra.full_name ?? `Customer ${code}`,
      search_name: (extra.full_name ?? `customer ${code}`).toLowerCase(),
      tags: '[]',
      consent_marketing: 0,
      created_at: at,
      updated_at: at,
      ...extra,
    })
    .execute();
  return apiId(gid);
}

/** Adds a purchase (soldAt: ISO) by the customer of API id `customerId` (null: a walk-in); returns its key. */
export async function addSale(
  shop: TestShop,
  customerId: string | null,
  soldAt: string,
  total: number,
  opts: { voided?: boolean } = {},
): Promise<number> {
  const db = shop.backend.ctx.db;
  const at = Date.parse(soldAt);
  const row = await db
    .insertInto('sales')
    .values({
      customer_id: customerId === null ? null : await customerKey(shop, customerId),
      card_id: null,
      total,
      points: 0,
      note: null,
      sold_at: at,
      created_at: at,
      voided_at: opts.voided ? at : null,
      void_reason: opts.voided ? 'test' : null,
      source: 'test',
      receipt_ref: null,
      origin: await installKey(db),
      origin_key: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
