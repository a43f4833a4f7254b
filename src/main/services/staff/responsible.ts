/** The staff member responsible for a customer (issue 19): one at most, set by the owner. */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ResponsibleFilter } from '../../../shared/contract/core';
import { AppError } from '../../../shared/errors';
import { immediateTransaction } from '../../db/busy';
import { logChange } from '../../db/changeLog';
import type { Ctx, Tx } from '../context';
import { keyOf } from '../keys';
import type { CustomerDb } from '../segmentRules';

export type Responsible = { staffId: string; name: string } | null;

export async function responsibleFor(ctx: Ctx, customerId: string): Promise<Responsible> {
  return responsibleByKey(ctx, await keyOf(ctx.db, 'customers', customerId, 'customer', 'customerId'));
}

async function responsibleByKey(ctx: Ctx, customerId: number): Promise<Responsible> {
  const r = await ctx.db
    .selectFrom('customer_staff as cs')
    .innerJoin('staff as s', 's.id', 'cs.staff_id')
    .select(['cs.staff_id', 's.name'])
    .where('cs.customer_id', '=', customerId)
    .executeTakeFirst();
  return r ? { staffId: r.staff_id, name: r.name } : null;
}

export async function setResponsible(ctx: Ctx, customerId: string, staffId: string | null): Promise<Responsible> {
  const at = ctx.now().toISOString();
  const key = await immediateTransaction(ctx.db, async (trx) => {
    const customer = await keyOf(trx, 'customers', customerId, 'customer', 'customerId');
    if (staffId === null) {
      await trx.deleteFrom('customer_staff').where('customer_id', '=', customer).execute();
    } else {
      const member = await trx.selectFrom('staff').select('id').where('id', '=', staffId).where('active', '=', 1).executeTakeFirst();
      if (!member) throw new AppError('NOT_FOUND', 'No such active staff member.', { field: 'staffId' });
      await trx
        .insertInto('customer_staff')
        .values({ customer_id: customer, staff_id: staffId, set_at: at })
        .onConflict((oc) => oc.column('customer_id').doUpdateSet({ staff_id: staffId, set_at: at }))
        .execute();
    }
    await logChange(trx, 'customer_staff', customer, staffId === null ? 'delete' : 'set', at);
    return customer;
  });
  return responsibleByKey(ctx, key);
}

/** A filter naming a staff member who never had an account is a mistake to say, not an empty list. */
export async function checkResponsibleFilter(tx: Tx, filter: ResponsibleFilter): Promise<void> {
  if (filter.who !== 'staff') return;
  const member = await tx.selectFrom('staff').select('id').where('id', '=', filter.staffId).executeTakeFirst();
  if (!member) throw new AppError('NOT_FOUND', 'No staff member with this id.', { field: 'responsible.staffId' });
}

/** Below this many customers a person's list is read whole by key and sorted; above, the list's index is walked. */
export const RESPONSIBLE_NARROW = 1000;

/** Whether this staff member has fewer than RESPONSIBLE_NARROW customers (a bounded count in their index range). */
export async function isNarrowResponsible(tx: Tx, staffId: string): Promise<boolean> {
  const r = await tx
    .selectFrom((eb) =>
      eb.selectFrom('customer_staff as cs').select('cs.customer_id').where('cs.staff_id', '=', staffId).limit(RESPONSIBLE_NARROW).as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n) < RESPONSIBLE_NARROW;
}

/**
 * A customer query (alias `c`) narrowed to the customers the filter names. A staff member's are a
 * range of customer_staff_staff: with `walk`, only tested against (`+c.id` keeps SQLite from
 * driving the query by them), so the list's index order or the search's FTS hits drive it; without,
 * they drive it, read by key. "Nobody" is one seek of customer_staff's key (the customer's) per
 * customer, so the list's own index order still drives the query.
 */
export function whereResponsible<O>(
  q: SelectQueryBuilder<CustomerDb, 'c', O>,
  filter: ResponsibleFilter,
  walk = false,
): SelectQueryBuilder<CustomerDb, 'c', O> {
  switch (filter.who) {
    case 'anyone':
      return q;
    case 'staff':
      return q.where((eb) =>
        eb(
          walk ? sql<number>`+c.id` : eb.ref('c.id'),
          'in',
          eb.selectFrom('customer_staff as cs').select('cs.customer_id').where('cs.staff_id', '=', filter.staffId),
        ),
      );
    case 'nobody':
      return q.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('customer_staff as cs')
              .whereRef('cs.customer_id', '=', 'c.id')
              .select(sql`1`.as('one')),
          ),
        ),
      );
  }
}
