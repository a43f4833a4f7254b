/**
 * Fast fixtures for RFM, segment and report tests: rows go straight in through the kysely db
 * (the services' own write paths are covered elsewhere). The test shop's zone is UTC+7.
 */
import type { Insertable } from 'kysely';
import type { CustomersTable } from '../src/main/db/schema';
import type { TestShop } from './helpers';

let seq = 0;
const nextId = (prefix: string): string => `${prefix}-${String(++seq).padStart(8, '0')}`;

/** A local wall-clock time in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) as a UTC ISO string. */
export function local(date: string, time = '09:00'): string {
  return new Date(`${date}T${time}:00+07:00`).toISOString();
}

/** YYYY-MM-DD `days` days before `date`. */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') - days * 86_400_000).toISOString().slice(0, 10);
}

export async function addCustomer(shop: TestShop, code: string, extra: Partial<Insertable<CustomersTable>> = {}): Promise<string> {
  const id = nextId('cust');
  const at = '2020-01-01T00:00:00.000Z';
  await shop.backend.ctx.db
    .insertInto('customers')
    .values({
      id,
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
  return id;
}

export async function addSale(
  shop: TestShop,
  customerId: string | null,
  soldAt: string,
  total: number,
  opts: { voided?: boolean } = {},
): Promise<string> {
  const id = nextId('sale');
  await shop.backend.ctx.db
    .insertInto('sales')
    .values({
      id,
      customer_id: customerId,
      card_id: null,
      total,
      points: 0,
      note: null,
      sold_at: soldAt,
      created_at: soldAt,
      voided_at: opts.voided ? soldAt : null,
      void_reason: opts.voided ? 'test' : null,
      source: 'test',
      receipt_ref: null,
    })
    .execute();
  return id;
}
