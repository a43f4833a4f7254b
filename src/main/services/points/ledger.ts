/** A customer's points ledger as the customer page shows it, and the owner's adjustments. */
import type { PointsEntry, PointsExpiring, PointsKind, PointsLedger } from '../../../shared/contract/points';
import { AppError } from '../../../shared/errors';
import { expiryOf } from '../../../shared/points';
import { getSettings } from '../settings';
import { logChange } from '../../db/changeLog';
import { type Ctx, type Tx } from '../context';
import { factId, installKey, isoOf, isoOrNull, storedGid } from '../keys';
import { drawLots, expiresOf, lotRemaining, lotStatements, NEVER_EXPIRES, openLot } from './lots';

/** The local key of a customer who is not erased, named by their API id. */
async function liveCustomer(tx: Tx, customerId: string): Promise<number> {
  const gid = storedGid(customerId);
  const c = gid ? await tx.selectFrom('customers').select(['id', 'erased_at']).where('gid', '=', gid).executeTakeFirst() : undefined;
  if (!c) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'customerId' });
  if (c.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.', { field: 'customerId' });
  return c.id;
}

async function balanceOf(tx: Tx, customerId: number): Promise<number> {
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
    const customer = await liveCustomer(trx, input.customerId);
    const before = await balanceOf(trx, customer);
    const balance = before + input.points;
    if (balance < 0 && !input.belowZero) {
      throw new AppError('POINTS_ADJUST_BELOW_ZERO', `This would take the balance below zero (it is ${before}).`, {
        field: 'points',
        params: { balance: before, points: input.points },
      });
    }
    const at = ctx.now().toISOString();
    // Given points are a lot of their own and expire like earned ones; taken points are not a lot.
    const { pointsExpiryMonths } = await getSettings(trx);
    const expiresAt = input.points > 0 ? expiryOf(at, pointsExpiryMonths) : null;
    const expiresMs = expiresAt === null ? null : Date.parse(expiresAt);
    const kept = input.points > 0 ? lotRemaining(input.points, balance) : 0;
    const { id } = await trx
      .insertInto('points_ledger')
      .values({
        customer_id: customer,
        sale_id: null,
        kind: 'adjust',
        points: input.points,
        reason: input.reason,
        created_at: Date.parse(at),
        lot_debt: input.points > 0 ? input.points - kept : null,
        expires_at: expiresMs,
        origin: await installKey(trx),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The row is not a lot, so drawing after it is written cannot draw from it.
    if (input.points < 0) drawLots(lots, customer, id, -input.points);
    else openLot(lots, customer, expiresMs, Date.parse(at), id, kept);
    await logChange(trx, 'points', id, 'adjust', at, ['points', 'reason']);
    const entry: PointsEntry = { id: factId(id), at, kind: 'adjust', points: input.points, reason: input.reason, saleId: null, balance };
    return { entry, balance };
  });
}

/** Every ledger row, oldest first, with the balance after each, and what is set to expire when. */
export async function pointsLedger(ctx: Ctx, customerId: string): Promise<PointsLedger> {
  const customer = await liveCustomer(ctx.db, customerId);
  const rows = await ctx.db
    .selectFrom('points_ledger')
    .select(['id', 'created_at', 'kind', 'points', 'reason', 'sale_id'])
    .where('customer_id', '=', customer)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let balance = 0;
  const entries: PointsEntry[] = rows.map((r) => {
    balance += r.points;
    return {
      id: factId(r.id),
      at: isoOf(r.created_at),
      kind: r.kind as PointsKind,
      points: r.points,
      reason: r.reason ?? 'purchase',
      saleId: r.sale_id === null ? null : factId(r.sale_id),
      balance,
    };
  });
  const expiring = await ctx.db
    .selectFrom('point_lots')
    .select(['expiry_key', (eb) => eb.fn.sum<number>('remaining').as('points')])
    .where('customer_id', '=', customer)
    .where('expiry_key', '<', NEVER_EXPIRES)
    .groupBy('expiry_key')
    .orderBy('expiry_key')
    .execute();
  return {
    balance,
    entries,
    expiring: expiring.map((e): PointsExpiring => ({ expiresAt: isoOrNull(expiresOf(e.expiry_key))!, points: Number(e.points) })),
  };
}
