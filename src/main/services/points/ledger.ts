/** A customer's points ledger as the customer page shows it, and the owner's adjustments. */
import type { PointsEntry, PointsExpiring, PointsKind, PointsLedger } from '../../../shared/contract/points';
import { AppError } from '../../../shared/errors';
import { expiryOf } from '../../../shared/points';
import { getSettings } from '../settings';
import { logChange } from '../../db/changeLog';
import { newId, type Ctx, type Tx } from '../context';
import { addLot, drawLots, lotStatements } from './lots';

async function liveCustomer(tx: Tx, customerId: string): Promise<void> {
  const c = await tx.selectFrom('customers').select('erased_at').where('id', '=', customerId).executeTakeFirst();
  if (!c) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'customerId' });
  if (c.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.', { field: 'customerId' });
}

async function balanceOf(tx: Tx, customerId: string): Promise<number> {
  const r = await tx
    .selectFrom('points_ledger')
    .where('customer_id', '=', customerId)
    .select((eb) => eb.fn.sum<number>('points').as('b'))
    .executeTakeFirst();
  return Number(r?.b ?? 0);
}

/**
 * An owner's adjustment. Added points are a lot of their own (paying first what a balance below
 * zero owed); taken points draw from the oldest lots, and past what they hold only when the owner
 * said `belowZero`.
 */
export async function adjustPoints(
  ctx: Ctx,
  input: { customerId: string; points: number; reason: string; belowZero?: boolean },
): Promise<{ entry: PointsEntry; balance: number }> {
  const lots = lotStatements({ db: ctx.db, sqlite: ctx.sqlite! });
  return ctx.db.transaction().execute(async (trx) => {
    await liveCustomer(trx, input.customerId);
    const before = await balanceOf(trx, input.customerId);
    const balance = before + input.points;
    if (balance < 0 && !input.belowZero) {
      throw new AppError('POINTS_ADJUST_BELOW_ZERO', `This would take the balance below zero (it is ${before}).`, {
        field: 'points',
        params: { balance: before, points: input.points },
      });
    }
    const at = ctx.now().toISOString();
    const id = newId();
    if (input.points < 0) drawLots(lots, input.customerId, id, -input.points);
    await trx
      .insertInto('points_ledger')
      .values({
        id,
        customer_id: input.customerId,
        sale_id: null,
        kind: 'adjust',
        points: input.points,
        reason: input.reason,
        created_at: at,
      })
      .execute();
    if (input.points > 0) {
      // Given points expire like earned ones.
      const { pointsExpiryMonths } = await getSettings(trx);
      const expiresAt = expiryOf(at, pointsExpiryMonths);
      addLot(lots, { ledgerId: id, customerId: input.customerId, saleId: null, points: input.points, at, expiresAt }, balance);
    }
    await logChange(trx, 'points', id, 'adjust', at, ['points', 'reason']);
    const entry: PointsEntry = { id, at, kind: 'adjust', points: input.points, reason: input.reason, saleId: null, balance };
    return { entry, balance };
  });
}

/** Every ledger row, oldest first, with the balance after each, and what is set to expire when. */
export async function pointsLedger(ctx: Ctx, customerId: string): Promise<PointsLedger> {
  await liveCustomer(ctx.db, customerId);
  const rows = await ctx.db
    .selectFrom('points_ledger')
    .select(['id', 'created_at', 'kind', 'points', 'reason', 'sale_id'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let balance = 0;
  const entries: PointsEntry[] = rows.map((r) => {
    balance += r.points;
    return { id: r.id, at: r.created_at, kind: r.kind as PointsKind, points: r.points, reason: r.reason, saleId: r.sale_id, balance };
  });
  const expiring = (await ctx.db
    .selectFrom('point_lots')
    .select(['expires_at as expiresAt', (eb) => eb.fn.sum<number>('remaining').as('points')])
    .where('customer_id', '=', customerId)
    .where('remaining', '>', 0)
    .where('expires_at', 'is not', null)
    .groupBy('expires_at')
    .orderBy('expires_at')
    .execute()) as PointsExpiring[];
  return { balance, entries, expiring: expiring.map((e) => ({ expiresAt: e.expiresAt, points: Number(e.points) })) };
}
