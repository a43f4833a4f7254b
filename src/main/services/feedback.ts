/**
 * Satisfaction (issue 16): how a customer felt after a purchase, 1–5 and a note. A rating is a
 * fact (created, never edited), logged like other creations; a retried record with its key
 * returns the first rating.
 */
import { sql } from 'kysely';
import { UNHAPPY_RATING, type Feedback, type FeedbackSummary } from '../../shared/contract/receipts';
import { AppError } from '../../shared/errors';
import { immediateTransaction } from '../db/busy';
import { logChange } from '../db/changeLog';
import { type Ctx, type Tx } from './context';
import { apiId, factId, factKey, isoOf, newGid, storedGid } from './keys';
import { idempotent, type KeyedRequest } from './idempotency';

export interface RecordFeedbackInput {
  customerId: string | null;
  saleId: string | null;
  rating: number;
  note: string | null;
}

interface FeedbackRow {
  gid: Uint8Array;
  customer_gid: Uint8Array;
  sale_id: number | null;
  rating: number;
  note: string | null;
  created_at: number;
}

const toFeedback = (r: FeedbackRow): Feedback => ({
  id: apiId(r.gid),
  customerId: apiId(r.customer_gid),
  saleId: r.sale_id === null ? null : factId(r.sale_id),
  rating: r.rating,
  note: r.note,
  createdAt: isoOf(r.created_at),
});

export async function recordFeedback(ctx: Ctx, input: RecordFeedbackInput, keyed: KeyedRequest | null = null): Promise<Feedback> {
  const at = ctx.now().toISOString();
  return immediateTransaction(ctx.db, (trx) =>
    idempotent(trx, keyed, at, async () => {
      const named = input.customerId === null ? null : storedGid(input.customerId);
      const customer = named
        ? await trx.selectFrom('customers').select(['id', 'gid', 'erased_at']).where('gid', '=', named).executeTakeFirst()
        : undefined;
      if (input.customerId !== null && !customer) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'customerId' });
      let saleId: number | null = null;
      let buyer = customer;
      if (input.saleId) {
        saleId = factKey(input.saleId, 'purchase', 'saleId');
        const sale = await trx
          .selectFrom('sales as s')
          .leftJoin('customers as c', 'c.id', 's.customer_id')
          .select(['s.customer_id', 'c.gid', 'c.erased_at'])
          .where('s.id', '=', saleId)
          .executeTakeFirst();
        if (!sale) throw new AppError('NOT_FOUND', 'No purchase with this id.', { field: 'saleId' });
        if (sale.customer_id === null) throw new AppError('VALIDATION', 'A walk-in purchase has no customer to rate.', { field: 'saleId' });
        if (customer && customer.id !== sale.customer_id)
          throw new AppError('VALIDATION', 'The purchase belongs to a different customer.', { field: 'customerId' });
        buyer = { id: sale.customer_id, gid: sale.gid!, erased_at: sale.erased_at };
      }
      if (!buyer) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'customerId' });
      if (buyer.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.', { field: 'customerId' });
      const row = { gid: newGid(), sale_id: saleId, rating: input.rating, note: input.note, created_at: Date.parse(at) };
      const { id } = await trx
        .insertInto('feedback')
        .values({ ...row, customer_id: buyer.id, recorded_by: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await logChange(trx, 'feedback', id, 'create', at);
      return toFeedback({ ...row, customer_gid: buyer.gid });
    }),
  );
}

const mean = (sum: number | null, count: number): number | null => (count > 0 && sum !== null ? Math.round((sum / count) * 10) / 10 : null);

/** A customer's ratings (`customerId`: the local key). */
export async function customerFeedback(tx: Tx, customerId: number, limit: number): Promise<FeedbackSummary> {
  const [agg, rows] = await Promise.all([
    tx
      .selectFrom('feedback')
      .where('customer_id', '=', customerId)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number | null>('rating').as('s')])
      .executeTakeFirstOrThrow(),
    tx
      .selectFrom('feedback as f')
      .innerJoin('customers as c', 'c.id', 'f.customer_id')
      .select(['f.gid', 'c.gid as customer_gid', 'f.sale_id', 'f.rating', 'f.note', 'f.created_at'])
      .where('f.customer_id', '=', customerId)
      .orderBy('f.created_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const count = Number(agg.n);
  return { average: mean(agg.s === null ? null : Number(agg.s), count), count, items: rows.map(toFeedback) };
}

/** Ratings recorded in [fromIso, toIso): one range scan of feedback_time, which holds the rating. */
export async function satisfactionIn(
  tx: Tx,
  fromIso: string,
  toIso: string,
): Promise<{ average: number | null; count: number; unhappy: number }> {
  const r = await tx
    .selectFrom('feedback')
    .where('created_at', '>=', Date.parse(fromIso))
    .where('created_at', '<', Date.parse(toIso))
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number | null>('rating').as('s'),
      eb.fn.coalesce(eb.fn.sum<number>(sql<number>`rating <= ${UNHAPPY_RATING}`), sql<number>`0`).as('low'),
    ])
    .executeTakeFirstOrThrow();
  const count = Number(r.n);
  return { average: mean(r.s === null ? null : Number(r.s), count), count, unhappy: Number(r.low) };
}
