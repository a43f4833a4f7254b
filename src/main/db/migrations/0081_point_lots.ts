/**
 * Points as lots (issue 16), so an expiry can take exactly what is left of what was earned and
 * never points already spent (expiring by balance takes valid points away: DESIGN.md).
 *  - point_lots: one per ledger row that added points (id = that row's id): its customer, the
 *    purchase it came from (if any), what it added, what is left, when it was earned and when it
 *    expires (NULL: never). The partial index holds only lots with something left, in the order
 *    spends draw from them (nearest expiry first, then oldest); lots from before 0080 never expire.
 *  - point_draws: which lots a ledger row that took points (redeem, reverse, expire, adjust -) drew
 *    from and how many, so a void can put back exactly what its redemption took. Its reference to
 *    the ledger is checked at commit: a spend draws first and then writes its row with what it took.
 *    Lots and draws are the ledger's detail: a ledger row deleted (by hand, in a repair) takes them along.
 * The backfill replays every customer's ledger in time order: a positive row makes a lot, a
 * negative row draws from the lots (a reverse from its own purchase's lots first), and a shortfall
 * (an old balance that went below zero) is owed and paid from the next lots. So for every customer
 * the lots hold max(0, balance), and the ledger (the balance) is unchanged.
 *  - sales.points_redeemed / sales.redeemed_value: the points a purchase spent and what they were
 *    worth (total stays what was paid; amount_before what it came to before coupon and points).
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

interface LedgerRow {
  id: string;
  customer_id: string;
  sale_id: string | null;
  kind: string;
  points: number;
  created_at: string;
}
interface Lot {
  id: string;
  customer_id: string;
  sale_id: string | null;
  points: number;
  remaining: number;
  earned_at: string;
}
interface Draw {
  ledger_id: string;
  lot_id: string;
  points: number;
}

const BATCH = 100;

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of [
    `CREATE TABLE point_lots (
      id TEXT PRIMARY KEY REFERENCES points_ledger(id) ON DELETE CASCADE,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      sale_id TEXT REFERENCES sales(id),
      points INTEGER NOT NULL CHECK (points > 0),
      remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= points),
      earned_at TEXT NOT NULL,
      expires_at TEXT
    ) STRICT`,
    // Draw order: nearest expiry first (never-expiring lots last, '~' sorts after every date), then oldest.
    `CREATE INDEX point_lots_open ON point_lots(customer_id, coalesce(expires_at, '~'), earned_at, id) WHERE remaining > 0`,
    `CREATE INDEX point_lots_due ON point_lots(expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL`,
    `CREATE INDEX point_lots_sale ON point_lots(sale_id) WHERE sale_id IS NOT NULL`,
    `CREATE TABLE point_draws (
      ledger_id TEXT NOT NULL REFERENCES points_ledger(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      lot_id TEXT NOT NULL REFERENCES point_lots(id) ON DELETE CASCADE,
      points INTEGER NOT NULL CHECK (points > 0),
      PRIMARY KEY (ledger_id, lot_id)
    ) STRICT, WITHOUT ROWID`,
    `CREATE INDEX point_draws_lot ON point_draws(lot_id)`,
    // A void finds its purchase's redemption to give it back; only redeem rows are in this index.
    `CREATE INDEX points_ledger_redeem ON points_ledger(sale_id) WHERE kind = 'redeem'`,
    `ALTER TABLE sales ADD COLUMN points_redeemed INTEGER NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0)`,
    `ALTER TABLE sales ADD COLUMN redeemed_value INTEGER NOT NULL DEFAULT 0 CHECK (redeemed_value >= 0)`,
  ]) {
    await sql.raw(s).execute(db);
  }

  const rows = (await db
    .selectFrom('points_ledger')
    .select(['id', 'customer_id', 'sale_id', 'kind', 'points', 'created_at'])
    .where('points', '!=', 0)
    .orderBy('customer_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as LedgerRow[];
  const lots: Lot[] = [];
  const draws: Draw[] = [];
  let start = 0;
  while (start < rows.length) {
    let end = start;
    while (end < rows.length && rows[end]!.customer_id === rows[start]!.customer_id) end++;
    replay(rows.slice(start, end), lots, draws);
    start = end;
  }
  for (let i = 0; i < lots.length; i += BATCH) {
    await db
      .insertInto('point_lots')
      .values(lots.slice(i, i + BATCH).map((l) => ({ ...l, expires_at: null })))
      .execute();
  }
  for (let i = 0; i < draws.length; i += BATCH)
    await db
      .insertInto('point_draws')
      .values(draws.slice(i, i + BATCH))
      .execute();
}

/** One customer's ledger, in time order, into lots and draws. */
function replay(rows: LedgerRow[], lots: Lot[], draws: Draw[]): void {
  const open: Lot[] = [];
  const owed: { ledgerId: string; left: number }[] = [];
  const take = (ledgerId: string, lot: Lot, want: number): number => {
    const n = Math.min(want, lot.remaining);
    if (n <= 0) return 0;
    lot.remaining -= n;
    const same = draws.length > 0 && draws[draws.length - 1]!.ledger_id === ledgerId && draws[draws.length - 1]!.lot_id === lot.id;
    if (same) draws[draws.length - 1]!.points += n;
    else draws.push({ ledger_id: ledgerId, lot_id: lot.id, points: n });
    return n;
  };
  for (const r of rows) {
    if (r.points > 0) {
      const lot: Lot = {
        id: r.id,
        customer_id: r.customer_id,
        sale_id: r.sale_id,
        points: r.points,
        remaining: r.points,
        earned_at: r.created_at,
      };
      while (owed.length > 0 && lot.remaining > 0) {
        owed[0]!.left -= take(owed[0]!.ledgerId, lot, owed[0]!.left);
        if (owed[0]!.left === 0) owed.shift();
      }
      lots.push(lot);
      open.push(lot);
      continue;
    }
    let want = -r.points;
    const own = r.kind === 'reverse' && r.sale_id ? open.filter((l) => l.sale_id === r.sale_id) : [];
    for (const lot of [...own, ...open]) {
      if (want === 0) break;
      want -= take(r.id, lot, want);
    }
    if (want > 0) owed.push({ ledgerId: r.id, left: want });
  }
}
