/** The staff member responsible for a customer (issue 19): one at most, set by the owner. */
import { AppError } from '../../../shared/errors';
import { immediateTransaction } from '../../db/busy';
import { logChange } from '../../db/changeLog';
import type { Ctx } from '../context';
import { keyOf } from '../keys';

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
