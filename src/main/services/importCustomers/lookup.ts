/**
 * Batched reads for the customer import: the live customers the file's phones, emails and old
 * codes name, and the old codes any customer (erased ones too) already holds. Each list travels
 * as one JSON parameter (the sales import's jsonSet), one indexed query per column.
 */
import type { Selectable } from 'kysely';
import type { CustomersTable } from '../../db/schema';
import type { Tx } from '../context';
import { jsonSet } from '../importSales/lookup';

export type ShopCustomer = Selectable<CustomersTable>;

export interface ShopMatches {
  byExternalCode: Map<string, ShopCustomer>;
  byPhone: Map<string, ShopCustomer>;
  byEmail: Map<string, ShopCustomer>;
  /** Old codes held by any customer, erased or not (the column is unique): code → customer id. */
  externalCodeOwner: Map<string, string>;
}

async function live(
  tx: Tx,
  column: 'external_code' | 'phone_canonical' | 'email_norm',
  values: Set<string>,
): Promise<Map<string, ShopCustomer>> {
  const found = new Map<string, ShopCustomer>();
  if (values.size === 0) return found;
  const rows = await tx
    .selectFrom('customers')
    .selectAll()
    .where(column, 'in', jsonSet(values))
    .where('erased_at', 'is', null)
    .orderBy('code')
    .execute();
  // Several customers may share a phone (created anyway): the oldest code stands for them.
  for (const r of rows) if (!found.has(r[column]!)) found.set(r[column]!, r);
  return found;
}

export async function shopMatches(
  tx: Tx,
  keys: { externalCodes: Set<string>; phones: Set<string>; emails: Set<string> },
): Promise<ShopMatches> {
  const owners =
    keys.externalCodes.size === 0
      ? []
      : await tx
          .selectFrom('customers')
          .select(['id', 'external_code'])
          .where('external_code', 'in', jsonSet(keys.externalCodes))
          .execute();
  return {
    byExternalCode: await live(tx, 'external_code', keys.externalCodes),
    byPhone: await live(tx, 'phone_canonical', keys.phones),
    byEmail: await live(tx, 'email_norm', keys.emails),
    externalCodeOwner: new Map(owners.map((r) => [r.external_code!, r.id])),
  };
}
