/**
 * One person's records: the customer and every customer merged into them (a merge keeps the
 * absorbed row hidden, and it holds that person's data too). Exports read all of them; erasing
 * erases all of them.
 */
import type { Selectable } from 'kysely';
import { AppError } from '../../../shared/errors';
import type { CustomersTable } from '../../db/schema';
import type { Tx } from '../context';
import { apiId, keyOf } from '../keys';

/** The person's own row first (by its API id), then the rows merged into it. */
export async function personRows(tx: Tx, id: string): Promise<Selectable<CustomersTable>[]> {
  const key = await keyOf(tx, 'customers', id, 'customer', 'id');
  const rows = await tx
    .selectFrom('customers')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', key), eb('merged_into', '=', key)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const own = rows.find((r) => r.id === key);
  if (!own) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'id' });
  return [own, ...rows.filter((r) => r.id !== key)];
}

/** A merged customer's page or action leads to the survivor: the UI opens their page instead. */
export async function mergedError(tx: Tx, row: Selectable<CustomersTable>): Promise<AppError> {
  const survivor = await tx.selectFrom('customers').select(['gid', 'code']).where('id', '=', row.merged_into!).executeTakeFirstOrThrow();
  return new AppError('CUSTOMER_MERGED', `Customer ${row.code} was merged into ${survivor.code}.`, {
    field: 'id',
    params: { code: row.code, survivorCode: survivor.code, survivorId: apiId(survivor.gid) },
  });
}
