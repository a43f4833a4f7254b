/**
 * An expiry from another till, kept on the lot it took from (0109: `expired`, `expired_by`), and
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

/** The lower of two global ids: install ids compare as text (uuidv7, in time order), then keys. */
const before = (a: FactId, b: FactId): boolean => (a[0] === b[0] ? a[1] < b[1] : a[0] < b[0]);

/**
 * Applies `points` of the lot `lot` taken by the expire row `row` (local key; `rowId` its global
 * id), inserted just before with the points its till wrote.
 */
export async function claimExpiredLot(trx: Kysely<Database>, row: number, rowId: FactId, lot: number, points: number): Promise<void> {
  const l = await trx
    .selectFrom('points_ledger as l')
    .leftJoin('points_ledger as h', 'h.id', 'l.expired_by')
    .leftJoin('installs as i', 'i.key', 'h.origin')
    .select(['l.remaining', 'l.expired', 'l.expired_by', 'h.kind', 'i.id as holder_install', 'h.origin_key as holder_key'])
    .where('l.id', '=', lot)
    .executeTakeFirstOrThrow();
  const remaining = l.remaining ?? 0;
  // Claimed twice: an expire row already holds the lot and what is left cannot pay this claim (with
  // points again, after a void gave some back, it is a later expiry of its own).
  const twice = l.expired_by !== null && l.kind === 'expire' && remaining < points ? Math.min(points, l.expired ?? 0) : 0;
  const take = Math.min(points - twice, remaining);
  let holder = l.expired_by;
  if (twice > 0) {
    const held: FactId = [l.holder_install!, l.holder_key ?? l.expired_by!];
    const loser = before(rowId, held) ? l.expired_by! : row;
    if (loser !== row) holder = row;
    await trx
      .updateTable('points_ledger')
      .set((eb) => ({ points: eb('points', '+', twice) }))
      .where('id', '=', loser)
      .execute();
  } else if (take > 0) holder = row;
  if (take === 0 && holder === l.expired_by) return;
  await trx
    .updateTable('points_ledger')
    .set((eb) => ({
      expired_by: holder,
      ...(take > 0 ? { remaining: eb('remaining', '-', take), expired: eb(eb.fn.coalesce('expired', eb.lit(0)), '+', take) } : {}),
    }))
    .where('id', '=', lot)
    .execute();
}
