/**
 * The counter's side of a coupon: what a code does to a purchase, or exactly why it cannot be used.
 * Synchronous on prepared statements, because sales.record runs it inside its IMMEDIATE
 * transaction (sales.ts); coupons.check runs the same rules without writing, so what the counter
 * shows before Enter is what the sale applies.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { checkCouponCode, formatCouponCode } from '../../../shared/couponCode';
import type { CouponQuote } from '../../../shared/contract/campaigns';
import type { ShopSettings } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { localDate, offsetMinutes } from '../../../shared/time';
import type { Database } from '../../db/schema';
import { apiId, factId, isoOf } from '../keys';
import { offerOf } from './campaigns';

interface CouponLookupRow {
  id: number;
  gid: Uint8Array;
  code: string;
  campaign_gid: Uint8Array;
  customer_id: number | null;
  holder_gid: Uint8Array | null;
  usage_limit: number;
  used_count: number;
  voided_at: string | null;
  name: string;
  offer_kind: string;
  offer_value: number;
  offer_text: string | null;
  min_purchase: number;
  valid_from: string;
  valid_to: string;
  status: string;
  holder_name: string | null;
  holder_code: string | null;
  holder_erased: string | null;
}

/** A prepared statement with one slot; the query's other parameters (constants) stay as kysely compiled them. */
interface Slotted {
  get(value: string | number): unknown;
  run(value: string | number): BetterSqlite3.RunResult;
}
const SLOT = '\u0000slot';

export interface CouponStatements {
  lookup: Slotted;
  lastUse: Slotted;
  /** The one-use guard: takes a use only while one is left (changes = 0 when none is). */
  take: Slotted;
  giveBack: Slotted;
}
const cache = new WeakMap<BetterSqlite3.Database, CouponStatements>();

export function couponStatements(db: Kysely<Database>, sqlite: BetterSqlite3.Database): CouponStatements {
  let st = cache.get(sqlite);
  if (st) return st;
  const prepare = (q: { compile(): { sql: string; parameters: readonly unknown[] } }): Slotted => {
    const c = q.compile();
    const stmt = sqlite.prepare(c.sql);
    const bind = (v: string | number) => c.parameters.map((p) => (p === SLOT ? v : p));
    return { get: (v) => stmt.get(bind(v)), run: (v) => stmt.run(bind(v)) };
  };
  st = {
    lookup: prepare(
      db
        .selectFrom('coupons as k')
        .innerJoin('campaigns as m', 'm.id', 'k.campaign_id')
        .leftJoin('customers as c', 'c.id', 'k.customer_id')
        .select([
          'k.id',
          'k.gid',
          'k.code',
          'm.gid as campaign_gid',
          'k.customer_id',
          'c.gid as holder_gid',
          'k.usage_limit',
          'k.used_count',
          'k.voided_at',
          'm.name',
          'm.offer_kind',
          'm.offer_value',
          'm.offer_text',
          'm.min_purchase',
          'm.valid_from',
          'm.valid_to',
          'm.status',
          'c.full_name as holder_name',
          'c.code as holder_code',
          'c.erased_at as holder_erased',
        ])
        .where('k.code', '=', SLOT),
    ),
    lastUse: prepare(
      db
        .selectFrom('sales')
        .select(['id', 'sold_at'])
        .where('coupon_id', '=', SLOT as unknown as number)
        .where('voided_at', 'is', null)
        .orderBy('sold_at', 'desc')
        .limit(1),
    ),
    take: prepare(
      db
        .updateTable('coupons')
        .set((eb) => ({ used_count: eb('used_count', '+', 1) }))
        .where('id', '=', SLOT as unknown as number)
        .where('voided_at', 'is', null)
        .whereRef('used_count', '<', 'usage_limit'),
    ),
    giveBack: prepare(
      db
        .updateTable('coupons')
        .set((eb) => ({ used_count: eb('used_count', '-', 1) }))
        .where('id', '=', SLOT as unknown as number)
        .where('used_count', '>', 0),
    ),
  };
  cache.set(sqlite, st);
  return st;
}

/** "2026-11-25 10:05" in the shop's zone: when a coupon was used, as staff would say it. */
function localDateTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  return new Date(ms + offsetMinutes(ms, timeZone) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface QuoteRequest {
  raw: string;
  /** The purchase's customer (local key), or null for a walk-in. */
  customerId: number | null;
  /** The purchase before any discount (minor units). */
  amount: number;
  now: Date;
  /** How the shop counts days and writes money (the refusals carry both forms). */
  shop: Pick<ShopSettings, 'timeZone' | 'currency' | 'locale'>;
  /** The input field errors name ("couponCode" at sales.record, "code" at coupons.check). */
  field: string;
}

/** A quote with the local keys the sale writes (the API's quote is the rest). */
export type CouponUse = CouponQuote & { couponKey: number; holderKey: number | null };

/** The checks, in the order a cashier would want the reason: the code itself, the campaign, the use, the purchase. */
export function quoteCoupon(st: CouponStatements, req: QuoteRequest): CouponUse {
  const field = req.field;
  const today = localDate(req.now, req.shop.timeZone);
  const checked = checkCouponCode(req.raw);
  const typed = req.raw.trim().slice(0, 40);
  if (!checked.ok) {
    if (checked.problem === 'malformed')
      throw new AppError('COUPON_MALFORMED', `“${typed}” is not a coupon code.`, { field, params: { code: typed } });
    throw new AppError(
      'COUPON_CHECK_CHARACTER',
      `${typed} is not a valid coupon code (a character is wrong or two are swapped): check it and type it again.`,
      {
        field,
        params: { code: typed },
      },
    );
  }
  const r = st.lookup.get(checked.code) as CouponLookupRow | undefined;
  const code = formatCouponCode(checked.code);
  if (!r) throw new AppError('COUPON_UNKNOWN', `No coupon with code ${code}.`, { field, params: { code } });
  if (r.voided_at || r.holder_erased) throw new AppError('COUPON_VOID', `Coupon ${code} was cancelled.`, { field, params: { code } });
  if (r.status === 'paused') {
    throw new AppError('COUPON_CAMPAIGN_PAUSED', `The campaign “${r.name}” is paused.`, { field, params: { code, campaign: r.name } });
  }
  if (today < r.valid_from) {
    throw new AppError('COUPON_NOT_YET_VALID', `Coupon ${code} is valid from ${r.valid_from}.`, {
      field,
      params: { code, validFrom: r.valid_from },
    });
  }
  if (today > r.valid_to) {
    throw new AppError('COUPON_EXPIRED', `Coupon ${code} expired on ${r.valid_to}.`, { field, params: { code, validTo: r.valid_to } });
  }
  if (r.used_count >= r.usage_limit) {
    if (r.customer_id === null) {
      throw new AppError('COUPON_USED_UP', `Code ${code} was already used ${r.usage_limit} times, its limit.`, {
        field,
        params: { code, usageLimit: r.usage_limit },
      });
    }
    const last = st.lastUse.get(r.id) as { id: number; sold_at: number } | undefined;
    const usedAt = last ? localDateTime(isoOf(last.sold_at), req.shop.timeZone) : '?';
    throw new AppError('COUPON_ALREADY_USED', `Coupon ${code} was already used on ${usedAt}${last ? ` (purchase ${last.id})` : ''}.`, {
      field,
      params: last ? { code, usedAt, saleId: factId(last.id) } : { code, usedAt },
    });
  }
  if (r.customer_id !== null && req.customerId !== null && r.customer_id !== req.customerId) {
    throw new AppError('COUPON_OTHER_CUSTOMER', `Coupon ${code} belongs to ${r.holder_name} (${r.holder_code}).`, {
      field,
      params: { code, holderName: r.holder_name ?? '', holderCode: r.holder_code ?? '' },
    });
  }
  if (req.amount < r.min_purchase) {
    const minimum = formatMoney(r.min_purchase, req.shop.currency, req.shop.locale);
    throw new AppError('COUPON_BELOW_MINIMUM', `Coupon ${code} needs a purchase of at least ${minimum}.`, {
      field,
      params: { code, minPurchase: r.min_purchase, minimum, amount: req.amount },
    });
  }
  const offer = offerOf(r);
  const holderKey = r.customer_id;
  if (offer.kind === 'points' && holderKey === null && req.customerId === null) {
    throw new AppError('COUPON_NEEDS_CUSTOMER', `Coupon ${code} gives points: choose the customer first.`, { field, params: { code } });
  }
  // The campaign's schema keeps the minimum purchase above an amount off and a percentage below
  // 100, so what is left to pay is always at least one minor unit (sales.total > 0).
  const discount = offer.kind === 'percent' ? Math.floor((req.amount * offer.percent) / 100) : offer.kind === 'amount' ? offer.amount : 0;
  return {
    couponKey: r.id,
    holderKey,
    couponId: apiId(r.gid),
    code: r.code,
    campaignId: apiId(r.campaign_gid),
    campaignName: r.name,
    offer,
    amountBefore: req.amount,
    discount,
    amountAfter: req.amount - discount,
    bonusPoints: offer.kind === 'points' ? offer.points : 0,
    holderId: r.holder_gid ? apiId(r.holder_gid) : null,
    holderName: r.holder_name,
    validTo: r.valid_to,
  };
}
