/**
 * Campaigns and coupons in feeds (issue 18): what export sends and how apply takes it.
 * - A campaign: each field last writer wins by its clock (the latest log entry naming it; a create
 *   names all, every entry names updated_at), as customers; its audience snapshot inserted once.
 * - A coupon: inserted once by global id. A cancellation is final; of two (cancelled on two tills),
 *   the earlier cancellation time wins, then the smaller reason: the same on every install whatever
 *   the order. Codes carry the issuing install's tag (shared/couponCode.ts), so two tills never
 *   make the same code; two copies that share a tag would, and the feed is refused (reported).
 * - Uses: the purchases that name the coupon. `used_count` is recounted from them for every coupon
 *   a feed touched, so it is the same everywhere and may pass the limit (a single-use coupon
 *   redeemed on two offline tills): both purchases are kept and sync/findings.ts shows it.
 */
import type { Kysely } from 'kysely';
import { gidText } from '../../shared/gid';
import type { Hlc } from '../../shared/hlc';
import { ENTITY_CODES, type EntityName } from '../db/entities';
import type { Database } from '../db/schema';
import { CAMPAIGN_FIELDS, type CampaignEntry, type CampaignField, type CouponEntry } from './campaignEntries';
import type { Clock } from './entries';
import { clockAfter, fieldClocks, NO_CLOCK, latestClock } from './logClocks';

/** Each campaign field's clock, from the change log (partial index change_log_campaign). */
export const campaignClocks = (
  db: Kysely<Database>,
  key: number,
  installId: ReadonlyMap<number, string>,
): Promise<Record<CampaignField, Clock>> => fieldClocks(db, 'campaign', key, CAMPAIGN_FIELDS, installId);

const couponClock = (db: Kysely<Database>, key: number, installId: ReadonlyMap<number, string>): Promise<Clock> =>
  latestClock(db, 'coupon', key, installId);

export interface CampaignExportRange {
  first: boolean;
  current: number;
  afterSeq: number;
  toSeq: number;
  installIds: ReadonlyMap<number, string>;
}

async function touched(trx: Kysely<Database>, entity: number, r: CampaignExportRange): Promise<number[] | null> {
  if (r.first) return null;
  const rows = await trx
    .selectFrom('change_log')
    .select('entity_id')
    .distinct()
    .where('entity', '=', entity)
    .where('origin', '=', r.current)
    .where('seq', '>', r.afterSeq)
    .where('seq', '<=', r.toSeq)
    .orderBy('entity_id')
    .execute();
  return rows.map((x) => x.entity_id);
}

const CHUNK = 500;
async function inChunks<T>(keys: number[] | null, read: (keys: number[] | null) => Promise<T[]>): Promise<T[]> {
  if (keys === null) return read(null);
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) out.push(...(await read(keys.slice(i, i + CHUNK))));
  return out;
}

/** The campaigns and coupons this install's own entries touched since the last feed (the first feed: all). */
export async function exportCampaigns(
  trx: Kysely<Database>,
  r: CampaignExportRange,
): Promise<{ campaigns: CampaignEntry[]; coupons: CouponEntry[] }> {
  const campaigns: CampaignEntry[] = [];
  const campaignKeys = await touched(trx, ENTITY_CODES.campaign, r);
  const campaignRows = await inChunks(campaignKeys, (keys) => {
    let q = trx.selectFrom('campaigns').selectAll().orderBy('id');
    if (keys) q = q.where('id', 'in', keys.length ? keys : [0]);
    return q.execute();
  });
  for (const row of campaignRows) {
    const clocks = await campaignClocks(trx, row.id, r.installIds);
    const members = await trx
      .selectFrom('campaign_members as m')
      .innerJoin('customers as c', 'c.id', 'm.customer_id')
      .select(['c.gid', 'm.holdout'])
      .where('m.campaign_id', '=', row.id)
      .orderBy('c.gid')
      .execute();
    campaigns.push({
      t: 'campaign',
      gid: gidText(row.gid),
      created_at: row.created_at,
      fields: Object.fromEntries(CAMPAIGN_FIELDS.map((f) => [f, [row[f], clocks[f]]])) as CampaignEntry['fields'],
      members: members.map((m): [string, number] => [gidText(m.gid), m.holdout]),
    });
  }

  const couponKeys = await touched(trx, ENTITY_CODES.coupon, r);
  const couponRows = await inChunks(couponKeys, (keys) => {
    let q = trx
      .selectFrom('coupons as k')
      .innerJoin('campaigns as m', 'm.id', 'k.campaign_id')
      .leftJoin('customers as c', 'c.id', 'k.customer_id')
      .select([
        'k.id',
        'k.gid',
        'k.code',
        'm.gid as campaign',
        'c.gid as customer',
        'k.usage_limit',
        'k.issued_at',
        'k.voided_at',
        'k.void_reason',
      ])
      .orderBy('k.id');
    if (keys) q = q.where('k.id', 'in', keys.length ? keys : [0]);
    return q.execute();
  });
  const coupons: CouponEntry[] = [];
  for (const k of couponRows) {
    const [hlc, install] = await couponClock(trx, k.id, r.installIds);
    coupons.push({
      t: 'coupon',
      gid: gidText(k.gid),
      code: k.code,
      campaign: gidText(k.campaign),
      customer: k.customer ? gidText(k.customer) : null,
      usage_limit: k.usage_limit,
      issued_at: k.issued_at,
      voided_at: k.voided_at,
      void_reason: k.void_reason,
      hlc,
      install,
    });
  }
  return { campaigns, coupons };
}

/** What apply lends this module: its transaction, keys by global id, and its logging under the writer's clock. */
export interface ApplyParts {
  trx: Kysely<Database>;
  installIds: ReadonlyMap<number, string>;
  bytes(gid: string): Buffer;
  installKey(id: string): number;
  writerKeyNow(): number;
  customerKey(gid: string): Promise<number>;
  log(entity: EntityName, entityId: number, op: string, hlc: Hlc, origin: number, fields: readonly string[] | null): Promise<void>;
  /** Thrown when a row this feed names has not arrived (the feed waits). */
  waiting(message: string): Error;
}

export function campaignApplier(p: ApplyParts) {
  const { trx } = p;
  const originOf = (install: string): number => (install === '' ? p.writerKeyNow() : p.installKey(install));
  /** Coupons whose uses must be recounted once the feed is in. */
  const couponsTouched = new Set<number>();
  let campaigns = 0;
  let coupons = 0;

  const campaignKey = async (gid: string): Promise<number> => {
    const r = await trx.selectFrom('campaigns').select('id').where('gid', '=', p.bytes(gid)).executeTakeFirst();
    if (!r) throw p.waiting(`campaign ${gid} has not arrived yet`);
    return r.id;
  };

  const applyCampaign = async (e: CampaignEntry): Promise<void> => {
    const gid = p.bytes(e.gid);
    const found = await trx.selectFrom('campaigns').select('id').where('gid', '=', gid).executeTakeFirst();
    let key: number;
    let local: Partial<Record<CampaignField, Clock>> = {};
    if (found) {
      key = found.id;
      local = await campaignClocks(trx, key, p.installIds);
    } else {
      const values = Object.fromEntries(CAMPAIGN_FIELDS.map((f) => [f, e.fields[f][0]]));
      key = (
        await trx
          .insertInto('campaigns')
          .values({ ...values, gid, created_at: e.created_at } as never)
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    }
    const set: Record<string, unknown> = {};
    const groups = new Map<string, { clock: Clock; fields: string[] }>();
    for (const f of CAMPAIGN_FIELDS) {
      const [value, clock] = e.fields[f];
      if (found && !clockAfter(clock, local[f] ?? NO_CLOCK)) continue;
      if (found) set[f] = value;
      if (clock[0] === 0) continue;
      const g = groups.get(`${clock[0]} ${clock[1]}`) ?? { clock, fields: [] };
      g.fields.push(f);
      groups.set(`${clock[0]} ${clock[1]}`, g);
    }
    if (Object.keys(set).length) await trx.updateTable('campaigns').set(set).where('id', '=', key).execute();
    for (const g of groups.values()) await p.log('campaign', key, found ? 'update' : 'create', g.clock[0], originOf(g.clock[1]), g.fields);
    if (!found && groups.size === 0) await p.log('campaign', key, 'create', 0, p.writerKeyNow(), null);
    for (const [customer, holdout] of e.members) {
      await trx
        .insertInto('campaign_members')
        .values({ campaign_id: key, customer_id: await p.customerKey(customer), holdout })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    if (!found || Object.keys(set).length) campaigns++;
  };

  // The earlier cancellation wins, then the smaller reason: final, and the same in any order.
  const voidWins = (e: CouponEntry, local: { voided_at: string | null; void_reason: string | null }): boolean =>
    e.voided_at !== null &&
    (local.voided_at === null ||
      e.voided_at < local.voided_at ||
      (e.voided_at === local.voided_at && (e.void_reason ?? '') < (local.void_reason ?? '')));

  const applyCoupon = async (e: CouponEntry): Promise<void> => {
    const existing = await trx
      .selectFrom('coupons')
      .select(['id', 'voided_at', 'void_reason'])
      .where('gid', '=', p.bytes(e.gid))
      .executeTakeFirst();
    if (!existing) {
      const { id } = await trx
        .insertInto('coupons')
        .values({
          gid: p.bytes(e.gid),
          code: e.code,
          campaign_id: await campaignKey(e.campaign),
          customer_id: e.customer === null ? null : await p.customerKey(e.customer),
          usage_limit: e.usage_limit,
          used_count: 0,
          issued_at: e.issued_at,
          voided_at: e.voided_at,
          void_reason: e.void_reason,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await p.log('coupon', id, 'issue', e.hlc, originOf(e.install), null);
      couponsTouched.add(id);
      coupons++;
    } else if (voidWins(e, existing)) {
      await trx.updateTable('coupons').set({ voided_at: e.voided_at, void_reason: e.void_reason }).where('id', '=', existing.id).execute();
      await p.log('coupon', existing.id, 'void', e.hlc, originOf(e.install), ['voided_at', 'void_reason']);
      coupons++;
    }
  };

  /** A purchase's coupon by global id (a purchase names it only after the coupon's entry came). */
  const couponOf = async (gid: string | null | undefined): Promise<number | null> => {
    if (gid == null) return null;
    const r = await trx.selectFrom('coupons').select('id').where('gid', '=', p.bytes(gid)).executeTakeFirst();
    if (!r) throw p.waiting(`coupon ${gid} has not arrived yet`);
    couponsTouched.add(r.id);
    return r.id;
  };

  /** Uses = the purchases naming the coupon that are not voided: the same count on every install. */
  const recount = async (): Promise<number[]> => {
    const keys = [...couponsTouched];
    for (let i = 0; i < keys.length; i += CHUNK) {
      await trx
        .updateTable('coupons')
        .set((eb) => ({
          used_count: eb
            .selectFrom('sales')
            .select((s) => s.fn.countAll<number>().as('n'))
            .whereRef('sales.coupon_id', '=', 'coupons.id')
            .where('sales.voided_at', 'is', null),
        }))
        .where('id', 'in', keys.slice(i, i + CHUNK))
        .execute();
    }
    return keys;
  };

  return {
    applyCampaign,
    applyCoupon,
    couponOf,
    /** A voided purchase's coupon: its uses change. */
    touchCoupon: (key: number | null) => void (key !== null && couponsTouched.add(key)),
    recount,
    counts: () => ({ campaigns, coupons }),
  };
}
