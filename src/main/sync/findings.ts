/**
 * "Found while syncing" (issue 18): what offline tills could not prevent, found by sync and kept in
 * `sync_findings` (0105) for the Sync page. Each kind looks at one subject (a customer, a coupon) and
 * says from the facts alone whether something is wrong, which rows are involved (global ids), when
 * the facts say it happened and whose feeds brought them. Sync refreshes the subjects a feed touched,
 * when it applies a feed and when it exports one (this till's own changes), so once every till has
 * every feed each finds the same rows, whatever the order. A subject that is right again (a purchase
 * voided) loses its finding everywhere.
 * A new kind is one line in FINDING_KINDS and its detect function.
 */
import type { Kysely } from 'kysely';
import { gidBytes } from '../../shared/gid';
import type { Database } from '../db/schema';
import type { FeedEntry } from './entries';

export interface Found {
  /** Rows involved by global id: `purchase:<install>:<key>`, `points:<install>:<key>`. */
  rows: string[];
  detail: Record<string, number | string>;
  /** ms */
  at: number;
  installs: string[];
}

export type FindingSubject = 'customer' | 'coupon';

interface FindingKind {
  subject: FindingSubject;
  detect(db: Kysely<Database>, key: number, installId: ReadonlyMap<number, string>): Promise<Found | null>;
}

const MAX_ROWS = 50;
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** A coupon used more often than its limit: two tills each took its last use before they synced. Both purchases stay. */
async function couponOverused(db: Kysely<Database>, key: number, installId: ReadonlyMap<number, string>): Promise<Found | null> {
  const coupon = await db.selectFrom('coupons').select('usage_limit').where('id', '=', key).executeTakeFirst();
  if (!coupon) return null;
  const uses = (
    await db
      .selectFrom('sales')
      .select(['id', 'origin', 'origin_key', 'sold_at'])
      .where('coupon_id', '=', key)
      .where('voided_at', 'is', null)
      .execute()
  )
    .map((s) => ({ install: installId.get(s.origin) ?? '', key: s.origin_key ?? s.id, at: s.sold_at }))
    .sort((a, b) => a.at - b.at || (a.install < b.install ? -1 : a.install > b.install ? 1 : a.key - b.key));
  if (uses.length <= coupon.usage_limit) return null;
  return {
    rows: uses.slice(0, MAX_ROWS).map((u) => `purchase:${u.install}:${u.key}`),
    detail: { uses: uses.length, limit: coupon.usage_limit },
    at: uses[coupon.usage_limit]!.at,
    installs: sorted(uses.map((u) => u.install)),
  };
}

/**
 * A points balance that went below zero: redemptions made on two tills from the same points before
 * they synced. The ledger in time order (then install, then key: the same order everywhere); the
 * rows that took or kept it below zero are named. Nothing is changed: the balance is the ledger's sum.
 */
async function balanceBelowZero(db: Kysely<Database>, key: number, installId: ReadonlyMap<number, string>): Promise<Found | null> {
  const ledger = (
    await db
      .selectFrom('points_ledger')
      .select(['id', 'origin', 'origin_key', 'points', 'created_at'])
      .where('customer_id', '=', key)
      .execute()
  )
    .map((p) => ({ install: installId.get(p.origin) ?? '', key: p.origin_key ?? p.id, at: p.created_at, points: p.points }))
    .sort((a, b) => a.at - b.at || (a.install < b.install ? -1 : a.install > b.install ? 1 : a.key - b.key));
  let balance = 0;
  let lowest = 0;
  const below: typeof ledger = [];
  for (const p of ledger) {
    balance += p.points;
    lowest = Math.min(lowest, balance);
    if (balance < 0 && p.points < 0) below.push(p);
  }
  if (below.length === 0) return null;
  return {
    rows: below.slice(0, MAX_ROWS).map((p) => `points:${p.install}:${p.key}`),
    detail: { lowest, balance },
    at: below[0]!.at,
    installs: sorted(below.map((p) => p.install)),
  };
}

export const FINDING_KINDS = {
  coupon_overused: { subject: 'coupon', detect: couponOverused },
  balance_below_zero: { subject: 'customer', detect: balanceBelowZero },
} satisfies Record<string, FindingKind>;

export type FindingKindName = keyof typeof FINDING_KINDS;
export const FINDING_KIND_NAMES = Object.keys(FINDING_KINDS) as FindingKindName[];

const TABLES = { customer: 'customers', coupon: 'coupons' } as const;

/** Finds again, for each kind, every subject named in `keys` (local keys by subject), and writes or clears its finding. */
export async function refreshFindings(
  db: Kysely<Database>,
  keys: Record<FindingSubject, Iterable<number>>,
  installId: ReadonlyMap<number, string>,
): Promise<void> {
  for (const [kind, def] of Object.entries(FINDING_KINDS) as [FindingKindName, FindingKind][]) {
    for (const key of new Set(keys[def.subject])) {
      const row = await db.selectFrom(TABLES[def.subject]).select('gid').where('id', '=', key).executeTakeFirst();
      if (!row) continue;
      const found = await def.detect(db, key, installId);
      if (!found) {
        await db.deleteFrom('sync_findings').where('kind', '=', kind).where('subject', '=', row.gid).execute();
        continue;
      }
      const values = {
        rows: JSON.stringify(found.rows),
        detail: JSON.stringify(found.detail),
        at: found.at,
        installs: JSON.stringify(found.installs),
      };
      await db
        .insertInto('sync_findings')
        .values({ kind, subject: row.gid, ...values })
        .onConflict((oc) => oc.columns(['kind', 'subject']).doUpdateSet(values))
        .execute();
    }
  }
}

/** The subjects a feed's entries touch: coupons it carries or a purchase names, customers of its points rows. */
export async function refreshForEntries(
  db: Kysely<Database>,
  entries: readonly FeedEntry[],
  installId: ReadonlyMap<number, string>,
): Promise<void> {
  const gids: Record<FindingSubject, Set<string>> = { customer: new Set(), coupon: new Set() };
  for (const e of entries) {
    if (e.t === 'coupon') gids.coupon.add(e.gid);
    else if ((e.t === 'sale' || e.t === 'void') && e.sale.coupon) gids.coupon.add(e.sale.coupon);
    else if (e.t === 'points') gids.customer.add(e.customer);
  }
  const keys: Record<FindingSubject, number[]> = { customer: [], coupon: [] };
  for (const subject of ['customer', 'coupon'] as const) {
    for (const g of gids[subject]) {
      const b = gidBytes(g);
      const r = b ? await db.selectFrom(TABLES[subject]).select('id').where('gid', '=', Buffer.from(b)).executeTakeFirst() : undefined;
      if (r) keys[subject].push(r.id);
    }
  }
  await refreshFindings(db, keys, installId);
}
