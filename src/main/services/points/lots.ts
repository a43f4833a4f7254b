/**
 * Points lots (migration 0080; since 0100 a lot is its ledger row's `remaining` and `expires_at`,
 * NULL remaining for a row that took points): every ledger row that adds points makes a lot, every row that takes
 * points draws from lots, nearest expiry first (lots that never expire last), then oldest, and
 * records which lots it drew from. Expiry then takes exactly what is left of a
 * lot, and a void puts back exactly what its redemption took.
 *
 * Synchronous statements on the raw handle, prepared once per database: the counter's sale runs
 * them inside its IMMEDIATE transaction, and a kysely transaction on the same connection (voids,
 * adjustments) runs them inside its own, since both are the one better-sqlite3 handle.
 *
 * Invariant: for every customer the lots hold max(0, balance). A balance below zero (only an
 * owner's adjustment, or history from before the lots) is owed, and the next lots pay it first.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { preparedInsert, type SyncDb } from '../../db/prepared';

export interface LotStatements {
  insertDraw: (values: unknown[]) => unknown;
  open: BetterSqlite3.Statement;
  ofSale: BetterSqlite3.Statement;
  take: BetterSqlite3.Statement;
  drawsOf: BetterSqlite3.Statement;
  giveBack: BetterSqlite3.Statement;
}

interface OpenLot {
  id: number;
  remaining: number;
}

const cache = new WeakMap<BetterSqlite3.Database, LotStatements>();

export function lotStatements(k: SyncDb): LotStatements {
  let st = cache.get(k.sqlite);
  if (!st) {
    const prepare = (q: { compile(): { sql: string } }): BetterSqlite3.Statement => k.sqlite.prepare(q.compile().sql);
    st = {
      insertDraw: preparedInsert(k, 'point_draws', ['ledger_id', 'lot_id', 'points']),
      // Walks points_ledger_open (only lots with something left) in draw order; the caller stops early.
      // The literal 0 and the ORDER BY expressions must read as the partial index's own.
      open: prepare(
        k.db
          .selectFrom('points_ledger')
          .select(['id', 'remaining'])
          .where('customer_id', '=', 0)
          .where('remaining', '>', sql<number>`0`)
          .orderBy(sql`expires_at IS NULL`)
          .orderBy('expires_at')
          .orderBy('created_at')
          .orderBy('id'),
      ),
      ofSale: prepare(
        k.db
          .selectFrom('points_ledger')
          .select(['id', 'remaining'])
          .where('sale_id', '=', 0)
          .where('remaining', '>', sql<number>`0`)
          .orderBy('id'),
      ),
      take: prepare(
        k.db
          .updateTable('points_ledger')
          .set((eb) => ({ remaining: eb('remaining', '-', 0) }))
          .where('id', '=', 0),
      ),
      drawsOf: prepare(k.db.selectFrom('point_draws').select(['lot_id', 'points']).where('ledger_id', '=', 0)),
      giveBack: prepare(
        k.db
          .updateTable('points_ledger')
          .set((eb) => ({ remaining: eb('remaining', '+', 0) }))
          .where('id', '=', 0),
      ),
    };
    cache.set(k.sqlite, st);
  }
  return st;
}

/**
 * What a new lot keeps of the `points` its ledger row adds, written with the row itself.
 * `balanceAfter` is the customer's balance with that row counted: when it is below `points`, part
 * of the lot pays what was owed.
 */
export function lotRemaining(points: number, balanceAfter: number): number {
  return Math.max(0, Math.min(points, balanceAfter));
}

/**
 * Takes up to `want` points from the customer's lots for the ledger row `ledgerId` (a purchase's
 * own lots first when `saleId` is given, then the oldest) and records the draws. Returns what it
 * took: less than `want` only when the lots hold less.
 */
export function drawLots(st: LotStatements, customerId: number, ledgerId: number, want: number, saleId: number | null = null): number {
  let left = want;
  const takeFrom = (rows: Iterable<OpenLot>): void => {
    for (const lot of rows) {
      if (left <= 0) break;
      const n = Math.min(left, lot.remaining);
      st.take.run(n, lot.id);
      st.insertDraw([ledgerId, lot.id, n]);
      left -= n;
    }
  };
  // Read the lots before writing: iterating a statement while updating the rows it walks is not allowed.
  if (saleId) takeFrom(st.ofSale.all(saleId) as OpenLot[]);
  if (left > 0) takeFrom(firstLots(st, customerId, left));
  return want - left;
}

/** The oldest open lots, just enough of them to cover `want`. */
function firstLots(st: LotStatements, customerId: number, want: number): OpenLot[] {
  const out: OpenLot[] = [];
  let sum = 0;
  for (const lot of st.open.iterate(customerId) as Iterable<OpenLot>) {
    out.push(lot);
    sum += lot.remaining;
    if (sum >= want) break;
  }
  return out;
}

/**
 * Puts back into its lots what the ledger row `ledgerId` drew (a voided purchase's redemption),
 * at most `limit` points: when the balance is below zero, what is owed is paid first and only the
 * rest returns to the lots. A lot that expired meanwhile gets its points back with its date, so
 * the next expiry run takes them.
 */
export function returnDraws(st: LotStatements, ledgerId: number, limit: number): number {
  let total = 0;
  for (const d of st.drawsOf.all(ledgerId) as { lot_id: number; points: number }[]) {
    const n = Math.min(d.points, limit - total);
    if (n <= 0) break;
    st.giveBack.run(n, d.lot_id);
    total += n;
  }
  return total;
}
