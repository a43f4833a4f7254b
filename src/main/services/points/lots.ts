/**
 * Points lots (migration 0080; 0100 on the ledger rows; 0112 in their own table): every ledger row
 * that adds points makes a lot, every row that takes points draws from lots, nearest expiry first
 * (lots that never expire last), then oldest, and records which lots it drew from. Expiry then
 * takes exactly what is left of a lot, and a void puts back exactly what its redemption took.
 *
 * A lot's facts that never change stay on its ledger row: its points, `expires_at`, `created_at`,
 * its customer, and `lot_debt` (NULL: the row is no lot; else how many of its points paid a debt
 * when it was written, 0 for a whole lot). What is left of an open lot is a row of `point_lots`,
 * keyed by customer in draw order, deleted when the lot is emptied and written again when a void
 * gives points back: a customer's open lots are one page, where on the ledger (keys in time order)
 * they were a page per lot. A lot's key in `point_lots` follows from its ledger row (`lotKeyOf`).
 *
 * Synchronous statements on the raw handle, prepared once per database: the counter's sale runs
 * them inside its IMMEDIATE transaction, and a kysely transaction on the same connection (voids,
 * adjustments) runs them inside its own, since both are the one better-sqlite3 handle.
 *
 * Invariant: for every customer the lots hold max(0, balance). A balance below zero (only an
 * owner's adjustment, or history from before the lots) is owed, and the next lots pay it first.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { preparedInsert, type SyncDb } from '../../db/prepared';
import type { Database } from '../../db/schema';

/**
 * `point_lots.expiry_key`, the lots' draw order: a lot that expires has its expiry less 2^47 ms
 * (year 6429), a negative number in the same order as the dates, and one that never expires has 1,
 * after all of them. 1 takes no bytes in a record where a date takes six: most lots of a shop that
 * never turned expiry on never expire, and point_lots is then no larger than the index of open
 * lots it replaced (`docs/architecture.md`, "Points expiry").
 */
const KEY_BASE = 2 ** 47;
/** `point_lots.expiry_key` of a lot that never expires. */
export const NEVER_EXPIRES = 1;

/** A lot's `expiry_key` from its ledger row's `expires_at`. */
export const expiryKey = (expiresAt: number | null): number => (expiresAt === null ? NEVER_EXPIRES : expiresAt - KEY_BASE);

/** The lots due at `at` (ms) are those whose `expiry_key` is at most this. */
export const dueKey = (at: number): number => at - KEY_BASE;

/** The expiry (ms) a lot's `expiry_key` stands for; null for a lot that never expires. */
export const expiresOf = (key: number): number | null => (key === NEVER_EXPIRES ? null : key + KEY_BASE);

/** The SQL of `expiryKey` over a ledger row's column. */
export const expiryKeySql = (ref: string) => sql<number>`coalesce(${sql.ref(ref)} - ${sql.lit(KEY_BASE)}, ${sql.lit(NEVER_EXPIRES)})`;

/** A `point_lots` row: its key (customer, expiry, creation, lot) and what is left. */
export interface OpenLot {
  customer_id: number;
  expiry_key: number;
  created_at: number;
  lot_id: number;
  remaining: number;
}

export interface LotStatements {
  insertDraw: (values: unknown[]) => unknown;
  /** [customer_id, expiry_key, created_at, lot_id, remaining] */
  addLot: (values: unknown[]) => unknown;
  open: BetterSqlite3.Statement;
  ofSale: BetterSqlite3.Statement;
  take: BetterSqlite3.Statement;
  drop: BetterSqlite3.Statement;
  drawsOf: BetterSqlite3.Statement;
  giveBack: BetterSqlite3.Statement;
}

const cache = new WeakMap<BetterSqlite3.Database, LotStatements>();

const LOT_COLUMNS = ['customer_id', 'expiry_key', 'created_at', 'lot_id', 'remaining'] as const;

export function lotStatements(k: SyncDb): LotStatements {
  let st = cache.get(k.sqlite);
  if (!st) {
    const prepare = (q: { compile(): { sql: string } }): BetterSqlite3.Statement => k.sqlite.prepare(q.compile().sql);
    st = {
      insertDraw: preparedInsert(k, 'point_draws', ['ledger_id', 'lot_id', 'points']),
      addLot: preparedInsert(k, 'point_lots', LOT_COLUMNS),
      // The customer's open lots in draw order: a range of point_lots' key; the caller stops early.
      open: prepare(
        k.db
          .selectFrom('point_lots')
          .select(LOT_COLUMNS)
          .where('customer_id', '=', 0)
          .orderBy('expiry_key')
          .orderBy('created_at')
          .orderBy('lot_id'),
      ),
      // A purchase's own open lots (its earning rows, then their point_lots rows by key).
      ofSale: prepare(
        k.db
          .selectFrom('points_ledger as p')
          .innerJoin('point_lots as l', (j) =>
            j
              .onRef('l.customer_id', '=', 'p.customer_id')
              .on('l.expiry_key', '=', expiryKeySql('p.expires_at'))
              .onRef('l.created_at', '=', 'p.created_at')
              .onRef('l.lot_id', '=', 'p.id'),
          )
          .select(['l.customer_id', 'l.expiry_key', 'l.created_at', 'l.lot_id', 'l.remaining'])
          .where('p.sale_id', '=', 0)
          .orderBy('p.id'),
      ),
      take: prepare(
        k.db
          .updateTable('point_lots')
          .set((eb) => ({ remaining: eb('remaining', '-', 0) }))
          .where('customer_id', '=', 0)
          .where('expiry_key', '=', 0)
          .where('created_at', '=', 0)
          .where('lot_id', '=', 0),
      ),
      drop: prepare(
        k.db
          .deleteFrom('point_lots')
          .where('customer_id', '=', 0)
          .where('expiry_key', '=', 0)
          .where('created_at', '=', 0)
          .where('lot_id', '=', 0),
      ),
      drawsOf: prepare(k.db.selectFrom('point_draws').select(['lot_id', 'points']).where('ledger_id', '=', 0)),
      // Points back into a lot: its row again, keyed from its ledger row, or more in the row it has.
      giveBack: prepare(
        k.db
          .insertInto('point_lots')
          .columns(LOT_COLUMNS)
          .expression(
            k.db
              .selectFrom('points_ledger')
              .select([
                'customer_id',
                expiryKeySql('expires_at').as('expiry_key'),
                'created_at',
                'id as lot_id',
                sql<number>`${0}`.as('remaining'),
              ])
              .where('id', '=', 0),
          )
          .onConflict((oc) =>
            oc
              .columns(['customer_id', 'expiry_key', 'created_at', 'lot_id'])
              .doUpdateSet((eb) => ({ remaining: eb('point_lots.remaining', '+', eb.ref('excluded.remaining')) })),
          ),
      ),
    };
    cache.set(k.sqlite, st);
  }
  return st;
}

/**
 * What a new lot keeps of the `points` its ledger row adds. `balanceAfter` is the customer's
 * balance with that row counted: when it is below `points`, part of the lot pays what was owed.
 */
export function lotRemaining(points: number, balanceAfter: number): number {
  return Math.max(0, Math.min(points, balanceAfter));
}

/**
 * Writes what a new lot keeps (its ledger row is written by the caller with `lot_debt` =
 * points − kept): a `point_lots` row when anything is kept.
 */
export function openLot(
  st: LotStatements,
  customerId: number,
  expiresAt: number | null,
  createdAt: number,
  lotId: number,
  kept: number,
): void {
  if (kept > 0) st.addLot([customerId, expiryKey(expiresAt), createdAt, lotId, kept]);
}

/** Takes `n` (at most what is left) from an open lot: its row goes when emptied. */
function takeFrom(st: LotStatements, lot: OpenLot, n: number): void {
  if (n >= lot.remaining) st.drop.run(lot.customer_id, lot.expiry_key, lot.created_at, lot.lot_id);
  else st.take.run(n, lot.customer_id, lot.expiry_key, lot.created_at, lot.lot_id);
}

/**
 * Takes up to `want` points from the customer's lots for the ledger row `ledgerId` (a purchase's
 * own lots first when `saleId` is given, then the oldest) and records the draws. Returns what it
 * took: less than `want` only when the lots hold less.
 */
export function drawLots(st: LotStatements, customerId: number, ledgerId: number, want: number, saleId: number | null = null): number {
  let left = want;
  const drawFrom = (rows: Iterable<OpenLot>): void => {
    for (const lot of rows) {
      if (left <= 0) break;
      const n = Math.min(left, lot.remaining);
      takeFrom(st, lot, n);
      st.insertDraw([ledgerId, lot.lot_id, n]);
      left -= n;
    }
  };
  // Read the lots before writing: iterating a statement while updating the rows it walks is not allowed.
  if (saleId) drawFrom(st.ofSale.all(saleId) as OpenLot[]);
  if (left > 0) drawFrom(firstLots(st, customerId, left));
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

/**
 * What expiry took from a purchase's lots (`n`), found through its customer's expire rows (a few a
 * year) and lot_expiries' key (expire row, lot): no index of expiries by lot to write at each run.
 */
export function expiredOfSale(db: Kysely<Database>, customerId: number, saleId: number) {
  return db
    .selectFrom('points_ledger as e')
    .innerJoin('lot_expiries as x', 'x.expired_by', 'e.id')
    .innerJoin('points_ledger as l', 'l.id', 'x.lot_id')
    .where('e.customer_id', '=', customerId)
    .where('e.kind', '=', 'expire')
    .where('l.sale_id', '=', saleId)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('x.expired'), sql<number>`0`).as('n'));
}

/** The key of a lot's `point_lots` row, read off its ledger row. */
async function lotKeyOf(db: Kysely<Database>, lotId: number) {
  return db
    .selectFrom('points_ledger')
    .select(['customer_id', expiryKeySql('expires_at').as('expiry_key'), 'created_at'])
    .where('id', '=', lotId)
    .executeTakeFirstOrThrow();
}

/** What is left of a lot (0 when emptied or no lot). */
export async function lotLeft(db: Kysely<Database>, lotId: number): Promise<number> {
  const k = await lotKeyOf(db, lotId);
  const r = await db
    .selectFrom('point_lots')
    .select('remaining')
    .where('customer_id', '=', k.customer_id)
    .where('expiry_key', '=', k.expiry_key)
    .where('created_at', '=', k.created_at)
    .where('lot_id', '=', lotId)
    .executeTakeFirst();
  return r?.remaining ?? 0;
}

/**
 * Takes `n` from a lot, clamped at what is left (two tills drawing one lot at once may overdraw
 * it: max(0, r − a − b) is the same in any order); the row goes when nothing is left.
 */
export async function takeFromLot(db: Kysely<Database>, lotId: number, n: number): Promise<void> {
  const k = await lotKeyOf(db, lotId);
  // Emptied first: after the UPDATE a row could look emptied by its new number.
  await db
    .deleteFrom('point_lots')
    .where('customer_id', '=', k.customer_id)
    .where('expiry_key', '=', k.expiry_key)
    .where('created_at', '=', k.created_at)
    .where('lot_id', '=', lotId)
    .where('remaining', '<=', n)
    .execute();
  await db
    .updateTable('point_lots')
    .set((eb) => ({ remaining: eb('remaining', '-', n) }))
    .where('customer_id', '=', k.customer_id)
    .where('expiry_key', '=', k.expiry_key)
    .where('created_at', '=', k.created_at)
    .where('lot_id', '=', lotId)
    .execute();
}

/**
 * A customer's open lots moved to another (a merge: the ledger rows moved with `customer_id`, so
 * their keys here follow).
 */
export async function moveLots(db: Kysely<Database>, from: number, to: number): Promise<void> {
  if (from === to) return;
  await db
    .insertInto('point_lots')
    .columns(LOT_COLUMNS)
    .expression(
      db
        .selectFrom('point_lots')
        .select([sql<number>`${to}`.as('customer_id'), 'expiry_key', 'created_at', 'lot_id', 'remaining'])
        .where('customer_id', '=', from),
    )
    .execute();
  await db.deleteFrom('point_lots').where('customer_id', '=', from).execute();
}
