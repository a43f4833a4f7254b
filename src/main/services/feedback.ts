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
import type { FeedbackTable } from '../db/schema';
import { newId, type Ctx, type Tx } from './context';
import { idempotent, type KeyedRequest } from './idempotency';

export interface RecordFeedbackInput {
  customerId: string | null;
  saleId: string | null;
  rating: number;
  note: string | null;
}

const toFeedback = (r: FeedbackTable): Feedback => ({
  id: r.id,
  customerId: r.customer_id,
  saleId: r.sale_id,
  rating: r.rating,
  note: r.note,
  createdAt: r.created_at,
});

export async function recordFeedback(ctx: Ctx, input: RecordFeedbackInput, keyed: KeyedRequest | null = null): Promise<Feedback> {
  const at = ctx.now().toISOString();
  return immediateTransaction(ctx.db, (trx) =>
    idempotent(trx, keyed, at, async () => {
      let customerId = input.customerId;
      if (input.saleId) {
        const sale = await trx.selectFrom('sales').select('customer_id').where('id', '=', input.saleId).executeTakeFirst();
        if (!sale) throw new AppError('NOT_FOUND', 'No purchase with this id.', { field: 'saleId' });
        if (!sale.customer_id) throw new AppError('VALIDATION', 'A walk-in purchase has no customer to rate.', { field: 'saleId' });
        if (customerId && customerId !== sale.customer_id)
          throw new AppError('VALIDATION', 'The purchase belongs to a different customer.', { field: 'customerId' });
        customerId = sale.customer_id;
      }
      const customer = await trx.selectFrom('customers').select('erased_at').where('id', '=', customerId!).executeTakeFirst();
      if (!customer) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'customerId' });
      if (customer.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.', { field: 'customerId' });
      const row: FeedbackTable = {
        id: newId(),
        customer_id: customerId!,
        sale_id: input.saleId,
        rating: input.rating,
        note: input.note,
        created_at: at,
        recorded_by: null,
      };
      await trx.insertInto('feedback').values(row).execute();
      await logChange(trx, 'feedback', row.id, 'create', at);
      return toFeedback(row);
    }),
  );
}

const mean = (sum: number | null, count: number): number | null => (count > 0 && sum !== null ? Math.round((sum / count) * 10) / 10 : null);

export async function customerFeedback(tx: Tx, customerId: string, limit: number): Promise<FeedbackSummary> {
  const [agg, rows] = await Promise.all([
    tx
      .selectFrom('feedback')
      .where('customer_id', '=', customerId)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number | null>('rating').as('s')])
      .executeTakeFirstOrThrow(),
    tx
      .selectFrom('feedback')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
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
    .where('created_at', '>=', fromIso)
    .where('created_at', '<', toIso)
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number | null>('rating').as('s'),
      eb.fn.coalesce(eb.fn.sum<number>(sql<number>`rating <= ${UNHAPPY_RATING}`), sql<number>`0`).as('low'),
    ])
    .executeTakeFirstOrThrow();
  const count = Number(r.n);
  return { average: mean(r.s === null ? null : Number(r.s), count), count, unhappy: Number(r.low) };
}
