import type BetterSqlite3 from 'better-sqlite3';
import { sql, type CompiledQuery } from 'kysely';
import type { Card, Sale, ShopSettings } from '../../shared/domain';
import type { AmountGuide } from '../../shared/money';
import { AppError } from '../../shared/errors';
import { expiryOf, maxPointsFor, pointsFor, valueOfPoints } from '../../shared/points';
import { localDayRange, offsetMinutes } from '../../shared/time';
import type { TierFloor, TierRule, TierStatus } from '../../shared/contract/tiers';
import { multiplied, PER_VISIT_REASON, perAmountReason, tierStatusOf } from '../../shared/tiers';
import { couponStatements, quoteCoupon, type CouponStatements, type CouponUse } from './campaigns/redeem';
import { activeCardOf, cardByNumber, checkedCardNumber, type CardRow } from './cards';
import { changeLogWriter, logChange } from '../db/changeLog';
import { preparedInsert } from '../db/prepared';
import { type Ctx, type Tx } from './context';
import { apiId, factId, factKey, installKey, isoOf, isoOrNull, nextKey, storedGid } from './keys';
import { idempotencyStatements, type KeyedRequest } from './idempotency';
import { drawLots, expiredOfSale, lotRemaining, lotStatements, openLot, returnDraws, type LotStatements } from './points/lots';
import { getSettings, readSettingsSync } from './settings';
import { immediateTransaction } from '../db/busy';
import { EARNING_RULE_KEY, parseEarningRule } from './points/earning';
import { parseTierRule, TIER_RULE_KEY, tierWindowStart } from './tiers';

function saleQuery(tx: Tx) {
  return tx
    .selectFrom('sales as s')
    .leftJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('cards as k', 'k.id', 's.card_id')
    .leftJoin('coupons as cp', 'cp.id', 's.coupon_id')
    .select([
      's.id',
      's.customer_id',
      'c.gid as customer_gid',
      'c.full_name',
      'k.number',
      's.total',
      's.points',
      's.note',
      's.sold_at',
      's.voided_at',
      's.void_reason',
      's.amount_before',
      's.coupon_id',
      'cp.code as coupon_code',
      's.points_redeemed',
      's.redeemed_value',
    ]);
}

type SaleRow = Awaited<ReturnType<ReturnType<typeof saleQuery>['executeTakeFirstOrThrow']>>;

function toSale(r: SaleRow): Sale {
  return {
    id: factId(r.id),
    customerId: r.customer_gid ? apiId(r.customer_gid) : null,
    customerName: r.full_name ?? null,
    cardNumber: r.number ?? null,
    amount: r.total,
    points: r.points,
    note: r.note,
    soldAt: isoOf(r.sold_at),
    voidedAt: isoOrNull(r.voided_at),
    voidReason: r.void_reason,
    amountBefore: r.amount_before,
    couponCode: r.coupon_code ?? null,
    pointsRedeemed: r.points_redeemed,
    redeemedValue: r.redeemed_value,
  };
}

async function getSaleRow(tx: Tx, key: number): Promise<SaleRow> {
  const row = await saleQuery(tx).where('s.id', '=', key).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No purchase with this id.', { field: 'saleId' });
  return row;
}

export interface RecordSaleInput {
  customerId: string | null;
  cardNumber: string | null;
  amount: number;
  note: string | null;
  couponCode?: string | null;
  redeemPoints?: number;
}

/**
 * The counter's statements, compiled by kysely once per database and prepared once (a single
 * parameter each, or inserts whose compiled parameter order preparedInsert checks).
 */
interface CounterStatements {
  card: BetterSqlite3.Statement;
  customerByGid: BetterSqlite3.Statement;
  customerByKey: BetterSqlite3.Statement;
  balance: BetterSqlite3.Statement;
  origin: BetterSqlite3.Statement;
  insertSale: (values: unknown[]) => unknown;
  insertLedger: (values: unknown[]) => unknown;
  insertChange: ReturnType<typeof changeLogWriter>;
  keys: ReturnType<typeof idempotencyStatements>;
  coupons: CouponStatements;
  lots: LotStatements;
  rule: BetterSqlite3.Statement;
  spend: BetterSqlite3.Statement;
  floor: BetterSqlite3.Statement;
}
const counterStatements = new WeakMap<BetterSqlite3.Database, CounterStatements>();

function statementsFor(ctx: Ctx, sqlite: BetterSqlite3.Database): CounterStatements {
  let st = counterStatements.get(sqlite);
  if (!st) {
    const k = { db: ctx.db, sqlite };
    const prepare = (q: { compile(): CompiledQuery }): BetterSqlite3.Statement => sqlite.prepare(q.compile().sql);
    st = {
      card: prepare(cardByNumber(ctx.db, '')),
      customerByGid: prepare(
        ctx.db.selectFrom('customers').select(['id', 'gid', 'full_name', 'erased_at', 'merged_into']).where('gid', '=', Buffer.alloc(16)),
      ),
      customerByKey: prepare(
        ctx.db.selectFrom('customers').select(['id', 'gid', 'full_name', 'erased_at', 'merged_into']).where('id', '=', 0),
      ),
      origin: prepare(ctx.db.selectFrom('installs').select('key').where('current', '=', sql.lit(1))),
      balance: prepare(
        ctx.db
          .selectFrom('points_ledger')
          .where('customer_id', '=', 0)
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('b')),
      ),
      insertSale: preparedInsert(k, 'sales', SALE_COLUMNS),
      insertLedger: preparedInsert(k, 'points_ledger', COUNTER_LEDGER_COLUMNS),
      insertChange: changeLogWriter(k),
      keys: idempotencyStatements(k),
      coupons: couponStatements(ctx.db, sqlite),
      lots: lotStatements(k),
      rule: prepare(ctx.db.selectFrom('settings').select('value').where('key', '=', '')),
      // The customer's spend in the tier window: a seek on sales_customer_sold, as tiers.ts reads it.
      spend: prepare(
        ctx.db
          .selectFrom('sales')
          .where('customer_id', '=', 0)
          .where('sold_at', '>=', 0)
          .where('voided_at', 'is', null)
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('total'), sql<number>`0`).as('spend')),
      ),
      floor: prepare(
        ctx.db
          .selectFrom('tier_floors')
          .select(['tier', 'reason', 'until', 'set_at as setAt'])
          .where('customer_id', '=', 0)
          .where('cleared_at', 'is', null),
      ),
    };
    counterStatements.set(sqlite, st);
  }
  return st;
}

/** A counter sale's columns (the rest take their defaults: not voided, no receipt reference, at the counter). */
const SALE_COLUMNS = [
  'customer_id',
  'card_id',
  'total',
  'points',
  'note',
  'sold_at',
  'created_at',
  'amount_before',
  'coupon_id',
  'points_redeemed',
  'redeemed_value',
  'origin',
] as const;

/** A ledger row the counter writes (an earning is also a lot: lot_debt, expires_at, and its point_lots row). */
const COUNTER_LEDGER_COLUMNS = [
  'customer_id',
  'sale_id',
  'kind',
  'points',
  'reason',
  'created_at',
  'lot_debt',
  'expires_at',
  'origin',
] as const;

interface CustomerCheck {
  id: number;
  gid: Uint8Array;
  full_name: string;
  erased_at: string | null;
  merged_into: number | null;
}

/** An earning from a purchase at the plain rate is stored as NULL (0100: the default is not repeated in every row). */
const storedReason = (reason: string): string | null => (reason === 'purchase' ? null : reason);

/**
 * One purchase, its points and the ledger row, in one transaction. No customer = a walk-in.
 * The counter's hot path runs synchronously on prepared statements inside one IMMEDIATE
 * transaction: through kysely's async driver the same six statements cost ~0.5 ms of compiles
 * and awaits and left garbage whose collections landed inside sales (record_sale in the benchmark).
 * It holds kysely's connection while it runs, so it never lands inside another caller's transaction.
 * With a key, a retry of a sale already recorded returns the first answer (idempotency.ts): one
 * primary-key lookup, and one insert in the same transaction for a new sale.
 */
/** What the counter hears back: the sale, the balance after it, and the customer's tier before and after it. */
export interface SaleRecorded {
  sale: Sale;
  pointsBalance: number | null;
  /** After this purchase (null for a walk-in or a shop without tiers). */
  tier?: TierStatus | null;
  tierBefore?: string | null;
}

/**
 * The customer's standing before this purchase, read inside the sale: the tier rule and the floor
 * are primary-key seeks, the spend one seek on sales_customer_sold.
 */
const counterMemo = { ruleText: undefined as string | undefined, rule: parseTierRule(undefined), windowKey: '', windowStart: 0 };

function standingBefore(
  st: CounterStatements,
  customerId: number,
  now: Date,
  timeZone: string,
): { rule: TierRule; status: TierStatus; floor: TierFloor | null; today: string } | null {
  // The rule's text and the window's start change rarely: parsed and computed again only when they do
  // (a new Intl formatter per sale cost more than the spend seek).
  const text = (st.rule.get(TIER_RULE_KEY) as { value: string } | undefined)?.value;
  if (text !== counterMemo.ruleText) Object.assign(counterMemo, { ruleText: text, rule: parseTierRule(text) });
  const rule = counterMemo.rule;
  if (rule.tiers.length === 0) return null;
  const today = new Date(now.getTime() + offsetMinutes(now, timeZone) * 60_000).toISOString().slice(0, 10);
  const windowKey = `${today}|${rule.windowDays}|${timeZone}`;
  if (windowKey !== counterMemo.windowKey)
    Object.assign(counterMemo, { windowKey, windowStart: Date.parse(tierWindowStart(today, rule.windowDays, timeZone)) });
  const spend = Number((st.spend.get(customerId, counterMemo.windowStart) as { spend: number }).spend);
  const floor = (st.floor.get(customerId) as TierFloor | undefined) ?? null;
  return { rule, status: tierStatusOf(rule, spend, floor, today), floor, today };
}

/**
 * `beforeCommit`: what the caller writes in the sale's own transaction, given the new sale's answer
 * (dispatch's audit row: one commit for both); not run when a key replays an earlier answer.
 */
export async function recordSale(
  ctx: Ctx,
  input: RecordSaleInput,
  keyed: KeyedRequest | null = null,
  beforeCommit?: (recorded: SaleRecorded) => void,
): Promise<SaleRecorded> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('recordSale needs the connection handle (openBackend sets ctx.sqlite)');
  const cardNumber = input.cardNumber ? checkedCardNumber(input.cardNumber) : null;
  return ctx.db.connection().execute(async () => {
    const st = statementsFor(ctx, sqlite);
    const write = sqlite.transaction((): SaleRecorded => {
      const first = keyed ? st.keys.replay<SaleRecorded>(keyed) : undefined;
      if (first) return first;
      let card: Card | null = null;
      let cardKey: number | null = null;
      let customer: CustomerCheck | undefined;
      if (input.customerId) {
        const gid = storedGid(input.customerId);
        customer = gid ? (st.customerByGid.get(gid) as CustomerCheck | undefined) : undefined;
        if (!customer) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'customerId' });
        // A till may still hold a merged duplicate's id (a queued sale): the purchase is the survivor's.
        if (customer.merged_into !== null) customer = st.customerByKey.get(customer.merged_into) as CustomerCheck;
      }
      if (cardNumber) {
        const row = st.card.get(cardNumber) as CardRow | undefined;
        card = activeCardOf(row, cardNumber);
        // A merged duplicate's card reads as the survivor's active card (cards.ts activeCardOf).
        cardKey = card.id === apiId(row!.gid) ? row!.id : row!.replaced_by_card_id!;
        if (customer && customer.id !== row!.customer_id) {
          throw new AppError('VALIDATION', 'The card belongs to a different customer.', { field: 'cardNumber' });
        }
        customer ??= st.customerByKey.get(row!.customer_id) as CustomerCheck;
      }
      if (customer?.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.', { field: 'customerId' });
      const settings = readSettingsSync({ db: ctx.db, sqlite });
      const now = ctx.now();
      const at = now.toISOString();
      const atMs = now.getTime();
      const coupon = input.couponCode ? useCoupon(st.coupons, input.couponCode, customer?.id ?? null, input.amount, now, settings) : null;
      if (coupon && !customer && coupon.holderKey !== null) {
        // A personal coupon names its holder, as a card does: the walk-in sale is theirs.
        customer = st.customerByKey.get(coupon.holderKey) as CustomerCheck;
      }
      const customerKey = customer?.id ?? null;
      const afterCoupon = coupon ? coupon.amountAfter : input.amount;
      const redeem = input.redeemPoints ? checkRedeem(st, input.redeemPoints, customerKey, afterCoupon, settings) : null;
      const paid = afterCoupon - (redeem?.value ?? 0);
      // Earning under the rules in force now; each row says which rule earned it, so a later change rewrites nothing.
      const standing = customerKey !== null ? standingBefore(st, customerKey, now, settings.timeZone) : null;
      const multiplier = standing?.status.multiplier ?? 1;
      const earned = customerKey !== null ? multiplied(pointsFor(paid, settings.pointsRule), multiplier) : 0;
      const perVisit =
        customerKey !== null ? parseEarningRule((st.rule.get(EARNING_RULE_KEY) as { value: string } | undefined)?.value).perVisit : 0;
      const bonus = customerKey !== null && coupon ? coupon.bonusPoints : 0;
      const points = earned + perVisit + bonus;
      const origin = (st.origin.get() as { key: number }).key;
      const id = Number(
        (
          st.insertSale([
            customerKey,
            cardKey,
            paid,
            points,
            input.note,
            atMs,
            atMs,
            coupon || redeem ? input.amount : null,
            coupon?.couponKey ?? null,
            redeem?.points ?? 0,
            redeem?.value ?? 0,
            origin,
          ]) as BetterSqlite3.RunResult
        ).lastInsertRowid,
      );
      // The balance before this sale's rows says what each new lot keeps (a balance below zero is owed first).
      let balance: number | null = customerKey !== null ? Number((st.balance.get(customerKey) as { b: number }).b) : null;
      const expiresAt = expiryOf(at, settings.pointsExpiryMonths);
      const expiresMs = expiresAt === null ? null : Date.parse(expiresAt);
      // Each row is written first and its draws name its key (SQLite's choice).
      const insertLedger = (values: unknown[]): number => Number((st.insertLedger(values) as BetterSqlite3.RunResult).lastInsertRowid);
      if (redeem) {
        // Spent before earning: the oldest lots pay, and what this purchase earns makes a new lot.
        const redeemRow = insertLedger([customerKey, id, 'redeem', -redeem.points, 'purchase', atMs, null, null, origin]);
        drawLots(st.lots, customerKey!, redeemRow, redeem.points);
        balance! -= redeem.points;
      }
      const adds =
        customerKey !== null
          ? [
              { points: earned, reason: perAmountReason(multiplier, standing?.status.tier ?? null) },
              { points: perVisit, reason: PER_VISIT_REASON },
              { points: bonus, reason: `coupon ${coupon?.code ?? ''}` },
            ].filter((a) => a.points > 0)
          : [];
      for (const a of adds) {
        balance! += a.points;
        // Each earning row is a lot: what it keeps of its points is what the balance after it allows.
        const kept = lotRemaining(a.points, balance!);
        const lot = insertLedger([customerKey, id, 'earn', a.points, storedReason(a.reason), atMs, a.points - kept, expiresMs, origin]);
        openLot(st.lots, customerKey!, expiresMs, atMs, lot, kept);
      }
      // A purchase's creation is not logged (0100): the row and its key are the feed.
      if (coupon) st.insertChange('coupon', coupon.couponKey, 'redeem', at, ['used_count']);
      const sale: Sale = {
        id: factId(id),
        customerId: customer ? apiId(customer.gid) : null,
        customerName: customer?.full_name ?? null,
        cardNumber: card?.number ?? null,
        amount: paid,
        points,
        note: input.note,
        soldAt: at,
        voidedAt: null,
        voidReason: null,
        amountBefore: coupon || redeem ? input.amount : null,
        couponCode: coupon?.code ?? null,
        pointsRedeemed: redeem?.points ?? 0,
        redeemedValue: redeem?.value ?? 0,
      };
      const result: SaleRecorded = { sale, pointsBalance: balance };
      if (standing) {
        result.tierBefore = standing.status.tier;
        result.tier = tierStatusOf(standing.rule, standing.status.spend + paid, standing.floor, standing.today);
      }
      if (keyed) st.keys.remember(keyed, result, at);
      beforeCommit?.(result);
      return result;
    });
    return write.immediate();
  });
}

/**
 * Points to spend on this purchase: the shop must give points a value, the sale must have a
 * customer, the points must be in the balance, and their value must stay below what is left to
 * pay after any coupon (a purchase is always for more than zero). Read inside the sale's
 * IMMEDIATE transaction, so two tills cannot spend the same points.
 */
function checkRedeem(
  st: CounterStatements,
  points: number,
  customerId: number | null,
  amount: number,
  settings: ShopSettings,
): { points: number; value: number } {
  const pv = settings.pointsValue;
  if (!pv) throw new AppError('POINTS_NOT_SPENDABLE', 'This shop does not let points be spent.', { field: 'redeemPoints' });
  if (!customerId)
    throw new AppError('POINTS_NEED_CUSTOMER', 'Points can only be spent on a customer’s purchase.', { field: 'redeemPoints' });
  const balance = Number((st.balance.get(customerId) as { b: number }).b);
  if (points > balance) {
    throw new AppError('POINTS_NOT_ENOUGH', `Only ${Math.max(0, balance)} points to spend.`, {
      field: 'redeemPoints',
      params: { balance: Math.max(0, balance), points },
    });
  }
  const max = maxPointsFor(amount, pv);
  if (points > max) {
    throw new AppError('POINTS_MORE_THAN_PURCHASE', `At most ${max} points on this purchase.`, {
      field: 'redeemPoints',
      params: { max, points },
    });
  }
  return { points, value: valueOfPoints(points, pv) };
}

/**
 * Checks a coupon against this purchase (campaigns/redeem.ts) and takes one use of it. The
 * conditional update is what keeps "one use" under two tills at once: this runs inside the sale's
 * IMMEDIATE transaction, so a second till waits for the first to commit and then finds no use left.
 */
function useCoupon(st: CouponStatements, raw: string, customerId: number | null, amount: number, now: Date, shop: ShopSettings): CouponUse {
  const quote = quoteCoupon(st, { raw, customerId, amount, now, shop, field: 'couponCode' });
  if (st.take.run(quote.couponKey).changes !== 1) {
    throw new AppError('COUPON_ALREADY_USED', 'This coupon was just used.', {
      field: 'couponCode',
      params: { code: quote.code, usedAt: '?' },
    });
  }
  return quote;
}

async function ledgerBalance(tx: Tx, customerId: number): Promise<number> {
  const r = await tx
    .selectFrom('points_ledger')
    .where('customer_id', '=', customerId)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('b'))
    .executeTakeFirstOrThrow();
  return Number(r.b);
}

/** Voids keep the row (the books stay whole), reverse the points it earned and give back its coupon. */
export async function voidSale(ctx: Ctx, saleId: string, reason: string): Promise<Sale> {
  const key = factKey(saleId, 'purchase', 'saleId');
  return immediateTransaction(ctx.db, async (trx) => {
    const sale = await getSaleRow(trx, key);
    if (sale.voided_at !== null) throw new AppError('SALE_ALREADY_VOIDED', 'This purchase was already voided.', { field: 'saleId' });
    const at = ctx.now().toISOString();
    const atMs = Date.parse(at);
    await trx.updateTable('sales').set({ voided_at: atMs, void_reason: reason }).where('id', '=', key).execute();
    const lots = lotStatements({ db: ctx.db, sqlite: ctx.sqlite! });
    const origin = await installKey(trx);
    const customer = sale.customer_id;
    if (customer !== null && sale.points_redeemed > 0) {
      // The points it spent go back into the very lots they came from (their age and expiry kept).
      const redeemed = await trx
        .selectFrom('points_ledger')
        .select('id')
        .where('sale_id', '=', key)
        .where('kind', '=', 'redeem')
        .executeTakeFirstOrThrow();
      const owed = Math.max(0, -(await ledgerBalance(trx, customer)));
      returnDraws(lots, redeemed.id, sale.points_redeemed - Math.min(owed, sale.points_redeemed));
      await trx
        .insertInto('points_ledger')
        .values({
          customer_id: customer,
          sale_id: key,
          kind: 'reverse',
          points: sale.points_redeemed,
          reason: `void: ${reason}`,
          created_at: atMs,
          origin,
        })
        .execute();
    }
    if (customer !== null && sale.points !== 0) {
      // The points the purchase earned go, from its own lots first, then the oldest. If some were
      // already spent and the rest of the balance cannot cover them, the void takes what there is:
      // the balance never goes below zero here (only an owner's adjustment may do that). The
      // shortfall stays readable: the sale's points minus what its reverse row took.
      // Points of its lots that already expired are gone: the void does not take them a second time.
      const expired = await expiredOfSale(trx, customer, key).executeTakeFirstOrThrow();
      // The reverse row is named before it is written: its draws point to it.
      const ledgerId = await nextKey(trx, 'points_ledger');
      const taken = drawLots(lots, customer, ledgerId, sale.points - Number(expired.n), key);
      await trx
        .insertInto('points_ledger')
        .values({
          id: ledgerId,
          customer_id: customer,
          sale_id: key,
          kind: 'reverse',
          points: -taken,
          reason: `void: ${reason}`,
          created_at: atMs,
          origin,
        })
        .execute();
    }
    await logChange(trx, 'sale', key, 'void', at, ['voided_at', 'void_reason']);
    if (sale.coupon_id !== null) {
      // The coupon goes back to its holder: voiding the purchase undoes its use.
      await trx
        .updateTable('coupons')
        .set((eb) => ({ used_count: eb('used_count', '-', 1) }))
        .where('id', '=', sale.coupon_id)
        .where('used_count', '>', 0)
        .execute();
      await logChange(trx, 'coupon', sale.coupon_id, 'restore', at, ['used_count']);
    }
    return toSale(await getSaleRow(trx, key));
  });
}

export async function salesToday(ctx: Ctx): Promise<{ date: string; sales: Sale[]; total: number; count: number }> {
  const { timeZone } = await getSettings(ctx.db);
  const range = localDayRange(ctx.now(), timeZone);
  const rows = await saleQuery(ctx.db)
    .where('s.sold_at', '>=', Date.parse(range.from))
    .where('s.sold_at', '<', Date.parse(range.to))
    .orderBy('s.sold_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
  const sales = rows.map(toSale);
  const live = sales.filter((s) => !s.voidedAt);
  return { date: range.date, sales, total: live.reduce((a, s) => a + s.amount, 0), count: live.length };
}

/** How far back, and how many of the latest live purchases, the amount guide looks at. */
const GUIDE_DAYS = 90;
const GUIDE_SAMPLE = 2_000;

/** The guide's query, apart so a test can check its plan. */
export function amountGuideQuery(tx: Tx, since: string) {
  return tx
    .selectFrom('sales')
    .select('total')
    .where('sold_at', '>=', Date.parse(since))
    .where('voided_at', 'is', null)
    .orderBy('sold_at', 'desc')
    .limit(GUIDE_SAMPLE);
}

/**
 * The shop's recent purchase sizes: the 99th percentile of the latest live purchases of the last
 * 90 days. Reading at most GUIDE_SAMPLE of them, newest first, walks the end of sales_by_time
 * (which holds the total and void state) and reads no table rows, so it costs the same at 1M sales
 * as at 1k; a busy shop's last 2,000 purchases are its "recent" anyway.
 */
export async function amountGuide(ctx: Ctx): Promise<AmountGuide> {
  const since = new Date(ctx.now().getTime() - GUIDE_DAYS * 86_400_000).toISOString();
  const rows = await amountGuideQuery(ctx.db, since).execute();
  const totals = rows.map((r) => r.total).sort((a, b) => a - b);
  const p99 = totals.length > 0 ? totals[Math.ceil(0.99 * totals.length) - 1]! : null;
  return { count: totals.length, p99 };
}

/** A customer's purchases, newest first (`customerId`: the local key). */
export async function salesForCustomer(tx: Tx, customerId: number, limit: number, offset: number): Promise<Sale[]> {
  const rows = await saleQuery(tx)
    .where('s.customer_id', '=', customerId)
    .orderBy('s.sold_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toSale);
}
