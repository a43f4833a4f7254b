/**
 * An expiry from another till, kept as what it took from each lot (0112: `lot_expiries`), and
 * the same expiry run on two tills counted once (issue 16 / 18). Both tills empty a due lot and
 * each writes its own expire row; applied as draws, the other till's row took the lot a second
 * time and every balance dropped twice. An expiry is a fact of the lot: of the expire rows that
 * claim the same lot, the one with the lowest global id (install id, then key) holds it on every
 * till, and the others give back the part they claimed twice. Every till compares the same two
 * ids whichever row arrived first, so the rows' points and the balances agree after sync.
 *
 * Not settled here: a lot a spend and an expiry both took on different tills (the draws are
 * clamped at what is left, as two spends of one lot are), and a lot expired twice (a void gave
 * points back to it between two runs) whose second expiry another till also ran.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FactId } from './entries';
import { lotLeft, takeFromLot } from '../services/points/lots';

/** The lower of two global ids: install ids compare as text (uuidv7, in time order), then keys. */
const before = (a: FactId, b: FactId): boolean => (a[0] === b[0] ? a[1] < b[1] : a[0] < b[0]);

/**
 * Applies `points` of the lot `lot` taken by the expire row `row` (local key; `rowId` its global
 * id), inserted just before with the points its till wrote.
 */
export async function claimExpiredLot(trx: Kysely<Database>, row: number, rowId: FactId, lot: number, points: number): Promise<void> {
  const remaining = await lotLeft(trx, lot);
  const customers = await trx.selectFrom('points_ledger').select('customer_id').where('id', 'in', [lot, row]).execute();
  // The lot's last expiry, found through its customer's expire rows (a few a year; lot_expiries is keyed by expire row).
  const last = await trx
    .selectFrom('points_ledger as h')
    .innerJoin('lot_expiries as x', 'x.expired_by', 'h.id')
    .leftJoin('installs as i', 'i.key', 'h.origin')
    .select(['x.expired_by', 'x.expired', 'i.id as holder_install', 'h.origin_key as holder_key'])
    .where(
      'h.customer_id',
      'in',
      customers.map((c) => c.customer_id),
    )
    .where('h.kind', '=', 'expire')
    .where('h.id', '!=', row)
    .where('x.lot_id', '=', lot)
    .orderBy('x.expired_by', 'desc')
    .limit(1)
    .executeTakeFirst();
  // Claimed twice: an expire row already holds the lot and what is left cannot pay this claim (with
  // points again, after a void gave some back, it is a later expiry of its own).
  const twice = last && remaining < points ? Math.min(points, last.expired) : 0;
  const take = Math.min(points - twice, remaining);
  if (last && twice > 0) {
    const held: FactId = [last.holder_install!, last.holder_key ?? last.expired_by];
    const loser = before(rowId, held) ? last.expired_by : row;
    // The lower id holds what the lot lost to that expiry, on every till.
    if (loser !== row)
      await trx
        .updateTable('lot_expiries')
        .set({ expired_by: row })
        .where('expired_by', '=', last.expired_by)
        .where('lot_id', '=', lot)
        .execute();
    await trx
      .updateTable('points_ledger')
      .set((eb) => ({ points: eb('points', '+', twice) }))
      .where('id', '=', loser)
      .execute();
  }
  if (take <= 0) return;
  await takeFromLot(trx, lot, take);
  await trx
    .insertInto('lot_expiries')
    .values({ expired_by: row, lot_id: lot, expired: take })
    .onConflict((oc) => oc.columns(['expired_by', 'lot_id']).doUpdateSet((eb) => ({ expired: eb('lot_expiries.expired', '+', take) })))
    .execute();
}
