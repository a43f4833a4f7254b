/**
 * A purchase's receipt (issue 16): everything the printed slip shows, in one read.
 *
 * Receipt numbers: none are generated. The slip shows the old system's number for an imported
 * sale and otherwise the sale's reference: its global id (0100: the install that made it and its
 * key there) written like the install's codes (docs/architecture.md, "Install identity"): the key
 * for the shop's first install, `n-` and the key for install n. It never changes and is the same
 * on every install that syncs the sale.
 */
import { readRuleSetting, writeRuleSetting } from './ruleSettings';
import { sql } from 'kysely';
import type { Receipt, ReceiptLayout } from '../../shared/contract/receipts';
import { AppError } from '../../shared/errors';
import type { Ctx, Tx } from './context';
import { codePrefix } from './install';
import { factId, factKey, isoOf, isoOrNull } from './keys';
import { getSettings } from './settings';
import { tierOfCustomer } from './tiers';

/** The settings row that holds the receipt's own lines; settings.ts reads only its own keys, so the two never mix. */
const LAYOUT_KEY = 'receiptLayout';

/** A sale's reference from its maker's install tag and its key there (at least six digits, as codes are). */
export function saleReference(tag: number, key: number): string {
  return `${codePrefix(tag)}${String(key).padStart(6, '0')}`;
}

export async function getReceiptLayout(tx: Tx): Promise<ReceiptLayout> {
  const stored = ((await readRuleSetting(tx, LAYOUT_KEY)) ?? {}) as Partial<ReceiptLayout>;
  return { address: stored.address ?? null, footer: stored.footer ?? null };
}

export async function setReceiptLayout(ctx: Ctx, layout: ReceiptLayout): Promise<ReceiptLayout> {
  const current = await getReceiptLayout(ctx.db);
  const changed = (Object.keys(layout) as (keyof ReceiptLayout)[]).filter((k) => layout[k] !== current[k]);
  await writeRuleSetting(ctx, LAYOUT_KEY, layout, changed);
  return getReceiptLayout(ctx.db);
}

export async function saleReceipt(ctx: Ctx, saleId: string): Promise<Receipt> {
  const key = factKey(saleId, 'purchase', 'saleId');
  const row = await ctx.db
    .selectFrom('sales as s')
    .innerJoin('installs as i', 'i.key', 's.origin')
    .leftJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('cards as k', 'k.id', 's.card_id')
    .leftJoin('coupons as cp', 'cp.id', 's.coupon_id')
    .select([
      's.id',
      's.origin_key',
      'i.tag',
      's.customer_id',
      's.total',
      's.points',
      's.sold_at',
      's.voided_at',
      's.receipt_ref',
      's.amount_before',
      's.points_redeemed',
      's.redeemed_value',
      'c.full_name',
      'c.code',
      'c.erased_at',
      'k.number',
      'cp.code as coupon_code',
    ])
    .where('s.id', '=', key)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No purchase with this id.', { field: 'saleId' });
  const [settings, layout] = await Promise.all([getSettings(ctx.db), getReceiptLayout(ctx.db)]);
  const known = row.customer_id !== null && !row.erased_at;
  const amountBefore = row.amount_before ?? row.total;
  return {
    saleId: factId(row.id),
    reference: row.receipt_ref ?? saleReference(row.tag, row.origin_key ?? row.id),
    soldAt: isoOf(row.sold_at),
    voidedAt: isoOrNull(row.voided_at),
    shop: {
      name: settings.shopName,
      address: layout.address,
      footer: layout.footer,
      currency: settings.currency,
      locale: settings.locale,
      timeZone: settings.timeZone,
    },
    customer: known ? { name: row.full_name!, code: row.code! } : null,
    cardNumber: known ? (row.number ?? null) : null,
    amountBefore,
    couponCode: row.coupon_code ?? null,
    discount: amountBefore - row.redeemed_value - row.total,
    pointsRedeemed: row.points_redeemed,
    redeemedValue: row.redeemed_value,
    amount: row.total,
    pointsEarned: row.points,
    pointsBalance: known ? await balanceAfter(ctx.db, row.customer_id!, row.sold_at) : null,
    tierNow: known ? await tierOfCustomer(ctx, row.customer_id!) : null,
  };
}

/**
 * The balance as the purchase left it: every ledger row up to its time (its own earn and redeem
 * rows carry the sale's time; a later void, expiry or adjustment comes after and is not counted).
 */
async function balanceAfter(tx: Tx, customerId: number, soldAt: number): Promise<number> {
  const r = await tx
    .selectFrom('points_ledger')
    .where('customer_id', '=', customerId)
    .where('created_at', '<=', soldAt)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('b'))
    .executeTakeFirstOrThrow();
  return Number(r.b);
}
