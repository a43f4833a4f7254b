/**
 * "Found while syncing" (issue 18): what offline tills could not prevent, found by sync and kept in
 * `sync_findings` (0105) for the Sync page. Each kind looks at one subject (a customer, a coupon) and
 * says from the facts alone whether something is wrong, which rows are involved (global ids), when
 * the facts say it happened and whose feeds brought them. Sync refreshes the subjects a feed touched,
 * when it applies a feed and when it exports one (this till's own changes), so once every till has
 * every feed each finds the same rows, whatever the order. A subject that is right again (a purchase
 * voided) loses its finding everywhere. The owner's seen mark (`seen_at`, 0113) is this till's own; a
 * subject found again saying something else (other rows, figures, time or tills) is unseen again.
 * A new kind is one line in FINDING_KINDS and its detect function.
 */
import { sql, type Kysely } from 'kysely';
import { gidBytes } from '../../shared/gid';
import type { Database } from '../db/schema';
import type { FeedEntry } from './entries';
import { codeClash, codeSubjects, receiptClash, receiptSubjects } from './clashes';
import { segmentName, segmentSubjects } from './segmentNames';
import { campaignIssuedTwice } from './campaignIssues';

export interface Found {
  /** Rows involved by global id: `purchase:<install>:<key>`, `points:<install>:<key>`. */
  rows: string[];
  detail: Record<string, number | string>;
  /** ms */
  at: number;
  installs: string[];
}

export type FindingSubject = 'customer' | 'coupon' | 'segment' | 'campaign';

interface FindingKind {
  subject: FindingSubject;
  /** The findings among `keys` (local keys of the subject's table), by key; a subject that is right is absent. */
  detect(db: Kysely<Database>, keys: number[], installId: ReadonlyMap<number, string>): Promise<Map<number, Found>>;
  /** Figures of the present (a balance now), not of what happened: a change in them alone keeps the seen mark. */
  current?: readonly string[];
}

const MAX_ROWS = 50;
const CHUNK = 500;
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

interface Fact {
  install: string;
  key: number;
  at: number;
}
/** Time, then install id, then key: one order on every install. */
const byTime = (a: Fact, b: Fact): number => a.at - b.at || (a.install < b.install ? -1 : a.install > b.install ? 1 : a.key - b.key);

/** Coupons used more often than their limit: two tills each took the last use before they synced. Both purchases stay. */
async function couponOverused(db: Kysely<Database>, keys: number[], installId: ReadonlyMap<number, string>): Promise<Map<number, Found>> {
  const out = new Map<number, Found>();
  const over = await db
    .selectFrom('coupons as k')
    .innerJoin('sales as s', 's.coupon_id', 'k.id')
    .select(['k.id', 'k.usage_limit'])
    .where('k.id', 'in', keys)
    .where('s.voided_at', 'is', null)
    .groupBy('k.id')
    .having((eb) => eb(eb.fn.countAll(), '>', eb.ref('k.usage_limit')))
    .execute();
  for (const c of over) {
    const uses = (
      await db
        .selectFrom('sales')
        .select(['id', 'origin', 'origin_key', 'sold_at'])
        .where('coupon_id', '=', c.id)
        .where('voided_at', 'is', null)
        .execute()
    )
      .map((x) => ({ install: installId.get(x.origin) ?? '', key: x.origin_key ?? x.id, at: x.sold_at }))
      .sort(byTime);
    out.set(c.id, {
      rows: uses.slice(0, MAX_ROWS).map((u) => `purchase:${u.install}:${u.key}`),
      detail: { uses: uses.length, limit: c.usage_limit },
      at: uses[c.usage_limit]!.at,
      installs: sorted(uses.map((u) => u.install)),
    });
  }
  return out;
}

/**
 * Points balances that went below zero: redemptions made on two tills from the same points before
 * they synced. The ledger in time order (then install, then key: the same order everywhere); the
 * rows that took or kept it below zero are named. Nothing is changed: the balance is the ledger's sum.
 * One windowed query finds who ever went below zero; only they are read row by row.
 */
async function balanceBelowZero(db: Kysely<Database>, keys: number[], installId: ReadonlyMap<number, string>): Promise<Map<number, Found>> {
  const out = new Map<number, Found>();
  // Only a customer with a row that took points can have gone below zero: the running sums are
  // summed for those alone (through points_ledger_customer, by customer and points), so a feed of
  // purchases that only earned costs one seek per customer, not a pass over each one's whole ledger.
  const taking = (
    await db.selectFrom('points_ledger').select('customer_id').distinct().where('customer_id', 'in', keys).where('points', '<', 0).execute()
  ).map((r) => r.customer_id);
  if (taking.length === 0) return out;
  const dipped = await sql<{ customer_id: number }>`SELECT customer_id FROM (
      SELECT p.customer_id, sum(p.points) OVER (PARTITION BY p.customer_id ORDER BY p.created_at, i.id, coalesce(p.origin_key, p.id)
        ROWS UNBOUNDED PRECEDING) AS running
      FROM points_ledger p JOIN installs i ON i.key = p.origin WHERE p.customer_id IN (${sql.join(taking)}))
    GROUP BY customer_id HAVING min(running) < 0`.execute(db);
  for (const { customer_id: key } of dipped.rows) {
    const ledger = (
      await db
        .selectFrom('points_ledger')
        .select(['id', 'origin', 'origin_key', 'points', 'created_at'])
        .where('customer_id', '=', key)
        .execute()
    )
      .map((p) => ({ install: installId.get(p.origin) ?? '', key: p.origin_key ?? p.id, at: p.created_at, points: p.points }))
      .sort(byTime);
    let balance = 0;
    let lowest = 0;
    const below: typeof ledger = [];
    for (const p of ledger) {
      balance += p.points;
      lowest = Math.min(lowest, balance);
      if (balance < 0 && p.points < 0) below.push(p);
    }
    if (below.length === 0) continue;
    out.set(key, {
      rows: below.slice(0, MAX_ROWS).map((p) => `points:${p.install}:${p.key}`),
      detail: { lowest, balance },
      at: below[0]!.at,
      installs: sorted(below.map((p) => p.install)),
    });
  }
  return out;
}

export const FINDING_KINDS = {
  coupon_overused: { subject: 'coupon', detect: couponOverused },
  balance_below_zero: { subject: 'customer', detect: balanceBelowZero, current: ['balance'] },
  receipt_clash: { subject: 'customer', detect: receiptClash },
  code_clash: { subject: 'customer', detect: codeClash },
  segment_name: { subject: 'segment', detect: segmentName },
  campaign_issued_twice: { subject: 'campaign', detect: campaignIssuedTwice },
} satisfies Record<string, FindingKind>;

export type FindingKindName = keyof typeof FINDING_KINDS;

const TABLES = { customer: 'customers', coupon: 'coupons', segment: 'segments', campaign: 'campaigns' } as const;

interface StoredFinding {
  rows: string;
  detail: string;
  at: number;
  installs: string;
  seen_at: number | null;
}

/** The findings of one kind already kept for these subjects, by the subject's hex gid. */
async function stored(db: Kysely<Database>, kind: string, subjects: Uint8Array[]): Promise<Map<string, StoredFinding>> {
  if (subjects.length === 0) return new Map();
  const rows = await db
    .selectFrom('sync_findings')
    .select(['subject', 'rows', 'detail', 'at', 'installs', 'seen_at'])
    .where('kind', '=', kind)
    .where('subject', 'in', subjects)
    .execute();
  return new Map(rows.map((r) => [Buffer.from(r.subject).toString('hex'), r]));
}

/** Says the same thing: the same rows, time, tills and figures (those of the present aside). */
function sameFinding(a: Omit<StoredFinding, 'seen_at'>, b: Omit<StoredFinding, 'seen_at'>, current: readonly string[] = []): boolean {
  const figures = (d: string): string => JSON.stringify(Object.entries(JSON.parse(d) as object).filter(([k]) => !current.includes(k)));
  return a.rows === b.rows && a.at === b.at && a.installs === b.installs && figures(a.detail) === figures(b.detail);
}

/** Local keys of the subjects to look at again, by finding kind (each kind is about one subject table). */
export type SubjectsByKind = Partial<Record<FindingKindName, Iterable<number>>>;

/** Finds again, for each kind, every subject named for it in `keys` (local keys), and writes or clears its finding. */
export async function refreshFindings(db: Kysely<Database>, keys: SubjectsByKind, installId: ReadonlyMap<number, string>): Promise<void> {
  // Each subject's global ids read once for all the kinds about it (three are about customers).
  const gidsOf: Record<FindingSubject, Map<number, Uint8Array>> = {
    customer: new Map(),
    coupon: new Map(),
    segment: new Map(),
    campaign: new Map(),
  };
  const gidsFor = async (subject: FindingSubject, chunk: number[]): Promise<Map<number, Uint8Array>> => {
    const gids = gidsOf[subject];
    const missing = chunk.filter((k) => !gids.has(k));
    if (missing.length) {
      const rows = await db.selectFrom(TABLES[subject]).select(['id', 'gid']).where('id', 'in', missing).execute();
      for (const r of rows) gids.set(r.id, r.gid);
    }
    return gids;
  };
  for (const [kind, def] of Object.entries(FINDING_KINDS) as [FindingKindName, FindingKind][]) {
    const all = [...new Set(keys[kind] ?? [])];
    if (all.length === 0) continue;
    // Nearly always none: then only what is found now needs a write, and nothing needs clearing.
    const anyKept =
      (await db.selectFrom('sync_findings').select('subject').where('kind', '=', kind).limit(1).executeTakeFirst()) !== undefined;
    for (let i = 0; i < all.length; i += CHUNK) {
      const chunk = all.slice(i, i + CHUNK);
      const found = await def.detect(db, chunk, installId);
      if (!anyKept && found.size === 0) continue;
      const gids = await gidsFor(def.subject, anyKept ? chunk : [...found.keys()]);
      const cleared = anyKept ? chunk.filter((k) => !found.has(k) && gids.has(k)).map((k) => gids.get(k)!) : [];
      if (cleared.length) await db.deleteFrom('sync_findings').where('kind', '=', kind).where('subject', 'in', cleared).execute();
      const had = await stored(
        db,
        kind,
        [...found.keys()].map((k) => gids.get(k)!),
      );
      for (const [key, f] of found) {
        const values = { rows: JSON.stringify(f.rows), detail: JSON.stringify(f.detail), at: f.at, installs: JSON.stringify(f.installs) };
        const before = had.get(Buffer.from(gids.get(key)!).toString('hex'));
        const seen_at = before && sameFinding(before, values, def.current) ? before.seen_at : null;
        await db
          .insertInto('sync_findings')
          .values({ kind, subject: gids.get(key)!, ...values })
          .onConflict((oc) => oc.columns(['kind', 'subject']).doUpdateSet({ ...values, seen_at }))
          .execute();
      }
    }
  }
}

/** Local keys of the rows of `table` with these global ids (those not here are left out). */
async function keysOf(db: Kysely<Database>, subject: FindingSubject, gids: Iterable<string>): Promise<number[]> {
  const list = [...new Set(gids)].flatMap((g) => {
    const b = gidBytes(g);
    return b ? [Buffer.from(b)] : [];
  });
  const keys: number[] = [];
  for (let i = 0; i < list.length; i += CHUNK) {
    const rows = await db
      .selectFrom(TABLES[subject])
      .select('id')
      .where('gid', 'in', list.slice(i, i + CHUNK))
      .execute();
    keys.push(...rows.map((r) => r.id));
  }
  return keys;
}

/**
 * The subjects (local keys) whose findings a feed's entries may change, by kind; read only, so an
 * export reads them in its snapshot. Each kind gets only the subjects whose facts the entries bring:
 * a balance the customers of its ledger rows, a receipt clash the customers under the receipt
 * numbers of its purchases, a code clash the customers it carries, and all three the two customers of
 * a merge (their rows moved). A feed of purchases that only earned points looks again at balances
 * alone, not at every named customer's purchases for a receipt number, piece after piece.
 */
export async function subjectsOf(db: Kysely<Database>, entries: readonly FeedEntry[]): Promise<Record<FindingKindName, number[]>> {
  const coupons = new Set<string>();
  const campaigns = new Set<string>();
  const ledger = new Set<string>();
  const merged = new Set<string>();
  const receipts: { source: string | null; ref: string }[] = [];
  const customers: string[] = [];
  for (const e of entries) {
    if (e.t === 'coupon') {
      coupons.add(e.gid);
      campaigns.add(e.campaign);
    } else if ((e.t === 'sale' || e.t === 'void') && e.sale.coupon) coupons.add(e.sale.coupon);
    else if (e.t === 'points') ledger.add(e.customer);
    else if (e.t === 'merge') merged.add(e.survivor).add(e.absorbed);
    if ((e.t === 'sale' || e.t === 'void') && e.sale.receipt_ref !== null)
      receipts.push({ source: e.sale.source, ref: e.sale.receipt_ref });
    if (e.t === 'customer') customers.push(e.gid);
  }
  const mergedKeys = await keysOf(db, 'customer', merged);
  return {
    coupon_overused: await keysOf(db, 'coupon', coupons),
    balance_below_zero: [...(await keysOf(db, 'customer', ledger)), ...mergedKeys],
    receipt_clash: [...(await receiptSubjects(db, receipts)), ...mergedKeys],
    code_clash: [...(await codeSubjects(db, customers)), ...mergedKeys],
    segment_name: await segmentSubjects(
      db,
      entries.some((e) => e.t === 'segment'),
    ),
    campaign_issued_twice: await keysOf(db, 'campaign', campaigns),
  };
}

/** Refreshes the findings of the subjects a feed's entries touch: coupons it carries or a purchase names, customers of its points rows. */
export async function refreshForEntries(
  db: Kysely<Database>,
  entries: readonly FeedEntry[],
  installId: ReadonlyMap<number, string>,
): Promise<void> {
  await refreshFindings(db, await subjectsOf(db, entries), installId);
}
