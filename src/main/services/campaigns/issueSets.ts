/**
 * A draft campaign issued on two tills before they synced (issue 18): each till wrote its own
 * coupons, so sync brings a second set and members hold two. A set is the coupons one issuing
 * wrote, told apart by their `issued_at` (one transaction's time); its clock is the earliest
 * issue entry of its coupons in the change log (a coupon's issue is logged under the clock it
 * came with), then that entry's install. Every till that has both sets orders them alike, so the
 * set to keep (the first) and the ones to withdraw are the same everywhere. Two issuings in one
 * millisecond on two tills would be one set here: not told apart (docs/architecture.md).
 */
import { sql, type Kysely } from 'kysely';
import { ENTITY_CODES } from '../../db/entities';
import type { Database } from '../../db/schema';

export interface IssueSet {
  issuedAt: string;
  /** The earliest issue entry of its coupons: HLC and install id (0 and '' when none is logged). */
  hlc: number;
  install: string;
  coupons: number;
  /** Neither cancelled nor used: what withdrawing cancels. */
  open: number;
  /** Used at least once: kept when the set is withdrawn. */
  used: number;
}

/** The campaigns among `keys` (local keys) whose coupons come from more than one issuing. */
export async function campaignsIssuedTwice(db: Kysely<Database>, keys: number[]): Promise<number[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('coupons')
    .select('campaign_id')
    .where('campaign_id', 'in', keys)
    .groupBy('campaign_id')
    .having(sql<number>`count(DISTINCT issued_at)`, '>', 1)
    .execute();
  return rows.map((r) => r.campaign_id);
}

/** A campaign's coupon sets, the one to keep first. */
export async function issueSets(db: Kysely<Database>, campaign: number, installId: ReadonlyMap<number, string>): Promise<IssueSet[]> {
  // One min() in the query: SQLite takes the bare `origin` from the entry holding it.
  const rows = await sql<{ issued_at: string; coupons: number; hlc: number | null; origin: number | null; open: number; used: number }>`
    SELECT k.issued_at, count(*) AS coupons, min(l.hlc) AS hlc, l.origin AS origin,
      sum(k.voided_at IS NULL AND k.used_count = 0) AS open, sum(k.used_count > 0) AS used
    FROM coupons k LEFT JOIN change_log l ON l.entity = ${ENTITY_CODES.coupon} AND l.entity_id = k.id AND l.op = 'issue'
    WHERE k.campaign_id = ${campaign} GROUP BY k.issued_at`.execute(db);
  return rows.rows
    .map((r) => ({
      issuedAt: r.issued_at,
      hlc: r.hlc ?? 0,
      install: r.origin === null ? '' : (installId.get(r.origin) ?? ''),
      coupons: Number(r.coupons),
      open: Number(r.open),
      used: Number(r.used),
    }))
    .sort((a, b) => a.hlc - b.hlc || cmp(a.install, b.install) || cmp(a.issuedAt, b.issuedAt));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Members holding coupons of this campaign from more than one set, not cancelled. */
export async function membersHoldingTwo(db: Kysely<Database>, campaign: number): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT customer_id FROM coupons
    WHERE campaign_id = ${campaign} AND customer_id IS NOT NULL AND voided_at IS NULL
    GROUP BY customer_id HAVING count(DISTINCT issued_at) > 1)`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
