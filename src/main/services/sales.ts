import { sql } from 'kysely';
import type { Card, Sale } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { pointsFor } from '../../shared/points';
import { localDayRange } from '../../shared/time';
import { resolveActiveCard } from './cards';
import { logChange, newId, type Ctx, type Tx } from './context';
import { getSettings } from './settings';

function saleQuery(tx: Tx) {
  return tx
    .selectFrom('sales as s')
    .leftJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('cards as k', 'k.id', 's.card_id')
    .select([
      's.id',
      's.customer_id',
      'c.full_name',
      'k.number',
      's.total',
      's.points',
      's.note',
      's.sold_at',
      's.voided_at',
      's.void_reason',
    ]);
}

type SaleRow = Awaited<ReturnType<ReturnType<typeof saleQuery>['executeTakeFirstOrThrow']>>;

function toSale(r: SaleRow): Sale {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.full_name ?? null,
    cardNumber: r.number ?? null,
    amount: r.total,
    points: r.points,
    note: r.note,
    soldAt: r.sold_at,
    voidedAt: r.voided_at,
    voidReason: r.void_reason,
  };
}

async function getSale(tx: Tx, id: string): Promise<Sale> {
  const row = await saleQuery(tx).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No purchase with this id.', { field: 'saleId' });
  return toSale(row);
}

async function pointsBalance(tx: Tx, customerId: string): Promise<number> {
  const r = await tx
    .selectFrom('points_ledger')
    .where('customer_id', '=', customerId)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('b'))
    .executeTakeFirstOrThrow();
  return Number(r.b);
}

export interface RecordSaleInput {
  customerId: string | null;
  cardNumber: string | null;
  amount: number;
  note: string | null;
}

/** One purchase, its points and the ledger row, in one transaction. No customer = a walk-in. */
export async function recordSale(ctx: Ctx, input: RecordSaleInput): Promise<{ sale: Sale; pointsBalance: number | null }> {
  return ctx.db.transaction().execute(async (trx) => {
    let customerId = input.customerId;
    let card: Card | null = null;
    if (input.cardNumber) {
      card = await resolveActiveCard(trx, input.cardNumber);
      if (customerId && customerId !== card.customerId) {
        throw new AppError('VALIDATION', 'The card belongs to a different customer.', { field: 'cardNumber' });
      }
      customerId = card.customerId;
    }
    let customerName: string | null = null;
    if (customerId) {
      // Only what the sale needs: the counter's commit is the hot path (record_sale in the benchmark).
      const c = await trx.selectFrom('customers').select(['full_name', 'erased_at']).where('id', '=', customerId).executeTakeFirst();
      if (!c) throw new AppError('NOT_FOUND', 'No customer with this id.', { field: 'customerId' });
      if (c.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.', { field: 'customerId' });
      customerName = c.full_name;
    }
    const settings = await getSettings(trx);
    const at = ctx.now().toISOString();
    const points = customerId ? pointsFor(input.amount, settings.pointsRule) : 0;
    const id = newId();
    await trx
      .insertInto('sales')
      .values({
        id,
        customer_id: customerId,
        card_id: card?.id ?? null,
        total: input.amount,
        points,
        note: input.note,
        sold_at: at,
        created_at: at,
        voided_at: null,
        void_reason: null,
        source: 'counter',
        receipt_ref: null,
      })
      .execute();
    if (customerId && points > 0) {
      await trx
        .insertInto('points_ledger')
        .values({ id: newId(), customer_id: customerId, sale_id: id, kind: 'earn', points, reason: 'purchase', created_at: at })
        .execute();
    }
    await logChange(trx, 'sale', id, 'create', at);
    const sale: Sale = {
      id,
      customerId,
      customerName,
      cardNumber: card?.number ?? null,
      amount: input.amount,
      points,
      note: input.note,
      soldAt: at,
      voidedAt: null,
      voidReason: null,
    };
    return { sale, pointsBalance: customerId ? await pointsBalance(trx, customerId) : null };
  });
}

/** Voids keep the row (the books stay whole) and reverse the points it earned. */
export async function voidSale(ctx: Ctx, saleId: string, reason: string): Promise<Sale> {
  return ctx.db.transaction().execute(async (trx) => {
    const sale = await getSale(trx, saleId);
    if (sale.voidedAt) throw new AppError('SALE_ALREADY_VOIDED', 'This purchase was already voided.', { field: 'saleId' });
    const at = ctx.now().toISOString();
    await trx.updateTable('sales').set({ voided_at: at, void_reason: reason }).where('id', '=', saleId).execute();
    if (sale.customerId && sale.points !== 0) {
      await trx
        .insertInto('points_ledger')
        .values({ id: newId(), customer_id: sale.customerId, sale_id: saleId, kind: 'reverse', points: -sale.points, reason: `void: ${reason}`, created_at: at })
        .execute();
    }
    await logChange(trx, 'sale', saleId, 'void', at);
    return getSale(trx, saleId);
  });
}

export async function salesToday(ctx: Ctx): Promise<{ date: string; sales: Sale[]; total: number; count: number }> {
  const { timeZone } = await getSettings(ctx.db);
  const range = localDayRange(ctx.now(), timeZone);
  const rows = await saleQuery(ctx.db)
    .where('s.sold_at', '>=', range.from)
    .where('s.sold_at', '<', range.to)
    .orderBy('s.sold_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
  const sales = rows.map(toSale);
  const live = sales.filter((s) => !s.voidedAt);
  return { date: range.date, sales, total: live.reduce((a, s) => a + s.amount, 0), count: live.length };
}

export async function salesForCustomer(tx: Tx, customerId: string, limit: number, offset: number): Promise<Sale[]> {
  const rows = await saleQuery(tx)
    .where('s.customer_id', '=', customerId)
    .orderBy('s.sold_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toSale);
}
