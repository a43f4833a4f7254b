/**
 * Merging two records of one person. The survivor keeps its id and code and takes, field by field,
 * the side the owner chose; every fact of the absorbed customer moves to it in the same
 * transaction: purchases (customer_stats' triggers recount both on the update of
 * sales.customer_id), points ledger rows and lots (lots keep their earning and expiry times, so
 * spending stays nearest-expiry-then-oldest across both), cards, personal coupons and campaign
 * memberships. Segment membership is derived from rules over this data, so it follows by itself.
 *
 * Cards: one active card per customer. When both have one, the survivor's stays active (claimed at
 * the merge's clock) and the absorbed card becomes `replaced` by it with the reason MERGED_CARD_REASON,
 * as every till derives it from the cards' own statuses and clocks (sync/cardStatus.ts), and the
 * counter reading that number finds the person's active card (cards.ts `activeCardOf`): the person
 * may still carry it, and the sale must not go astray. The absorbed row stays, hidden (erased_at + merged_into, migration 0095); customers
 * merged into it earlier now point at the survivor, so one hop always reaches the person.
 *
 * Every moved row is logged as an update naming the field that changed (sync replays it, the
 * analysis caches recount the buyers and days concerned); the merge is recorded in customer_merges.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { MERGE_FIELDS, type CustomerMerge, type MergeField, type MergeMoved, type MergeSide } from '../../../shared/contract/privacy';
import { AppError } from '../../../shared/errors';
import { immediateTransaction } from '../../db/busy';
import { changeLogBatch, logChange, type ChangeLogWriter } from '../../db/changeLog';
import type { EntityName } from '../../db/entities';
import type { CustomersTable } from '../../db/schema';
import { MERGED_CARD_REASON } from '../cards';
import { settleCards } from '../../sync/cardStatus';
import { getCustomerRow, toCustomer } from '../customers';
import type { Ctx, Tx } from '../context';
import { settleFloors } from '../../sync/tierFloors';
import { apiId, newGid } from '../keys';
import { mergedError } from './person';
import { moveLots } from '../points/lots';

type CustomerRow = Selectable<CustomersTable>;

/** The columns each field carries: a phone is its three forms, consent its flag, date and source. */
const FIELD_COLUMNS: Record<MergeField, readonly (keyof CustomerRow)[]> = {
  fullName: ['full_name', 'search_name'],
  phone: ['phone', 'phone_digits', 'phone_canonical'],
  email: ['email', 'email_norm'],
  birthday: ['birthday'],
  gender: ['gender'],
  area: ['area'],
  address: ['address'],
  tags: ['tags'],
  notes: ['notes'],
  consent: ['consent_marketing', 'consent_date', 'consent_source'],
  externalCode: ['external_code'],
};

async function liveRow(tx: Tx, id: string, field: string): Promise<CustomerRow> {
  const row = await getCustomerRow(tx, id).catch((e: unknown) => {
    throw e instanceof AppError ? new AppError(e.code, e.message, { field }) : e;
  });
  if (row.merged_into) throw await mergedError(tx, row);
  if (row.erased_at) throw new AppError('CUSTOMER_ERASED', `Customer ${row.code} was erased and cannot be merged.`, { field });
  return row;
}

export async function mergeCustomers(
  ctx: Ctx,
  input: { survivorId: string; absorbedId: string; choices: Partial<Record<MergeField, MergeSide>> },
): Promise<CustomerMerge> {
  return immediateTransaction(ctx.db, async (trx) => {
    const survivor = await liveRow(trx, input.survivorId, 'survivorId');
    const absorbed = await liveRow(trx, input.absorbedId, 'absorbedId');
    const at = ctx.now().toISOString();
    const choices = Object.fromEntries(MERGE_FIELDS.map((f) => [f, input.choices[f] ?? 'survivor'])) as Record<MergeField, MergeSide>;

    // The profile. The external code is unique: the absorbed row lets go of it first.
    const next: Partial<CustomerRow> = {};
    for (const f of MERGE_FIELDS) {
      if (choices[f] !== 'absorbed') continue;
      for (const col of FIELD_COLUMNS[f]) (next as Record<string, unknown>)[col] = absorbed[col];
    }
    if (choices.externalCode === 'absorbed' && absorbed.external_code !== null) {
      await trx.updateTable('customers').set({ external_code: null }).where('id', '=', absorbed.id).execute();
    }
    const changed = (Object.keys(next) as (keyof CustomerRow)[]).filter((k) => next[k] !== survivor[k]);
    if (changed.length > 0) {
      await trx
        .updateTable('customers')
        .set({ ...next, updated_at: at })
        .where('id', '=', survivor.id)
        .execute();
      await logChange(trx, 'customer', survivor.id, 'update', at, changed);
    }

    // After the profile's entry (logged through kysely): the batch reads the log's last entry once.
    const log = changeLogBatch({ db: ctx.db, sqlite: ctx.sqlite! });
    // A lot is its ledger row (0100): counted before the rows move with them.
    const lots = await lotCount(trx, absorbed.id);
    // One floor in force per customer (a unique index): the absorbed one's steps aside; settleFloors keeps the later of the two.
    await trx
      .updateTable('tier_floors')
      .set({ cleared_at: at, clear_reason: 'merged' })
      .where('customer_id', '=', absorbed.id)
      .where('cleared_at', 'is', null)
      .execute();
    const moved: MergeMoved = {
      sales: await moveRows(trx, log, 'sales', 'sale', absorbed.id, survivor.id, at),
      pointsLedger: await moveRows(trx, log, 'points_ledger', 'points', absorbed.id, survivor.id, at),
      pointLots: lots,
      cards: 0,
      coupons: await moveRows(trx, log, 'coupons', 'coupon', absorbed.id, survivor.id, at),
      campaignMemberships: await moveMemberships(trx, absorbed.id, survivor.id),
      feedback: await moveRows(trx, log, 'feedback', 'feedback', absorbed.id, survivor.id, at),
      tierFloors: await moveRows(trx, log, 'tier_floors', 'tier_floor', absorbed.id, survivor.id, at),
      responsibleStaff: await moveResponsible(trx, absorbed.id, survivor.id, at),
    };
    await moveLots(trx, absorbed.id, survivor.id);
    await payDebt(trx, survivor.id);
    // Both may have had a tier floor in force: the later one stays, as sync settles it on every till.
    if (moved.tierFloors > 0) await settleFloors(trx, [survivor.id]);
    moved.cards = await moveCards(trx, absorbed, survivor, at);

    // Hide the absorbed record; earlier merges into it now lead to the survivor.
    await trx
      .updateTable('customers')
      .set({ erased_at: at, merged_into: survivor.id, updated_at: at })
      .where('id', '=', absorbed.id)
      .execute();
    await logChange(trx, 'customer', absorbed.id, 'merge', at, ['erased_at', 'merged_into']);
    const earlier = await trx.selectFrom('customers').select('id').where('merged_into', '=', absorbed.id).execute();
    for (const e of earlier) {
      await trx.updateTable('customers').set({ merged_into: survivor.id }).where('id', '=', e.id).execute();
      await logChange(trx, 'customer', e.id, 'update', at, ['merged_into']);
    }

    const gid = newGid();
    const merge = await trx
      .insertInto('customer_merges')
      .values({
        gid,
        survivor_id: survivor.id,
        absorbed_id: absorbed.id,
        choices: JSON.stringify(choices),
        moved: JSON.stringify(moved),
        merged_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logChange(trx, 'customer_merge', merge.id, 'create', at);
    return {
      id: apiId(gid),
      survivorId: apiId(survivor.gid),
      absorbedId: apiId(absorbed.gid),
      absorbedCode: absorbed.code,
      choices,
      moved,
      mergedAt: at,
      survivor: toCustomer(await trx.selectFrom('customers').selectAll().where('id', '=', survivor.id).executeTakeFirstOrThrow()),
    };
  });
}

/** The absorbed record's responsible staff member, when the survivor has none; otherwise the survivor's stays. */
async function moveResponsible(trx: Tx, from: number, to: number, at: string): Promise<number> {
  const theirs = await trx.selectFrom('customer_staff').select('staff_id').where('customer_id', '=', from).executeTakeFirst();
  if (!theirs) return 0;
  const ours = await trx.selectFrom('customer_staff').select('staff_id').where('customer_id', '=', to).executeTakeFirst();
  if (ours) return 0;
  await trx.updateTable('customer_staff').set({ customer_id: to, set_at: at }).where('customer_id', '=', from).execute();
  await logChange(trx, 'customer', to, 'update', at, ['responsible']);
  return 1;
}

/**
 * Re-points a table's rows at the survivor, one change-log update per row (sync and the analysis
 * caches). The entries go through the prepared batch writer on the same connection: a regular
 * with a thousand purchases made a thousand awaited log writes otherwise.
 */
async function moveRows(
  trx: Tx,
  log: ChangeLogWriter,
  table: 'sales' | 'points_ledger' | 'coupons' | 'feedback' | 'tier_floors',
  entity: EntityName,
  from: number,
  to: number,
  at: string,
): Promise<number> {
  const rows = await trx.selectFrom(table).select('id').where('customer_id', '=', from).execute();
  if (rows.length === 0) return 0;
  await trx.updateTable(table).set({ customer_id: to }).where('customer_id', '=', from).execute();
  for (const r of rows) log(entity, r.id, 'update', at, ['customer_id']);
  return rows.length;
}

/** The absorbed customer's lots: their ledger rows that added points. */
async function lotCount(trx: Tx, customer: number): Promise<number> {
  const n = await trx
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customer)
    .where('lot_debt', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

/**
 * Lots move with their ledger rows and their point_lots rows (`moveLots`). The lots hold
 * max(0, balance): when one side owed points (a balance below zero), the other side's lots now pay
 * that debt, drawn in spending order as a new lot would pay it.
 */
export async function payDebt(trx: Tx, customer: number): Promise<void> {
  const balance = await trx
    .selectFrom('points_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('points'), sql<number>`0`).as('n'))
    .where('customer_id', '=', customer)
    .executeTakeFirstOrThrow();
  // The open lots in draw order (points/lots.ts): nearest expiry first, never-expiring last, then oldest.
  const open = await trx
    .selectFrom('point_lots')
    .select(['expiry_key', 'created_at', 'lot_id', 'remaining'])
    .where('customer_id', '=', customer)
    .orderBy('expiry_key')
    .orderBy('created_at')
    .orderBy('lot_id')
    .execute();
  let excess = open.reduce((n, l) => n + l.remaining, 0) - Math.max(0, Number(balance.n));
  for (const lot of open) {
    if (excess <= 0) break;
    const take = Math.min(excess, lot.remaining);
    const key = trx
      .updateTable('point_lots')
      .where('customer_id', '=', customer)
      .where('expiry_key', '=', lot.expiry_key)
      .where('created_at', '=', lot.created_at)
      .where('lot_id', '=', lot.lot_id);
    if (take === lot.remaining)
      await trx
        .deleteFrom('point_lots')
        .where('customer_id', '=', customer)
        .where('expiry_key', '=', lot.expiry_key)
        .where('created_at', '=', lot.created_at)
        .where('lot_id', '=', lot.lot_id)
        .execute();
    else await key.set({ remaining: lot.remaining - take }).execute();
    excess -= take;
  }
}

/** The audience snapshots: a campaign both were in keeps the survivor's membership (one per person). */
async function moveMemberships(trx: Tx, from: number, to: number): Promise<number> {
  const r = await trx
    .updateTable('campaign_members as m')
    .set({ customer_id: to })
    .where('m.customer_id', '=', from)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('campaign_members as o')
            .select('o.campaign_id')
            .whereRef('o.campaign_id', '=', 'm.campaign_id')
            .where('o.customer_id', '=', to),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

async function moveCards(trx: Tx, absorbed: CustomerRow, survivor: CustomerRow, at: string): Promise<number> {
  const cards = await trx.selectFrom('cards').select(['id', 'status']).where('customer_id', '=', absorbed.id).execute();
  if (cards.length === 0) return 0;
  const mine = await trx
    .selectFrom('cards')
    .select('id')
    .where('customer_id', '=', survivor.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  for (const card of cards) {
    if (card.status === 'active' && mine) {
      await trx
        .updateTable('cards')
        .set({
          status: 'replaced',
          status_at: at,
          status_reason: MERGED_CARD_REASON,
          replaced_by_card_id: mine.id,
          customer_id: survivor.id,
        })
        .where('id', '=', card.id)
        .execute();
      // Set aside, not replaced by anyone (sync/cardStatus.ts): logged as an update, so it is no replacement's clock.
      await logChange(trx, 'card', card.id, 'update', at, ['customer_id', 'status', 'status_at', 'status_reason', 'replaced_by_card_id']);
    } else {
      await trx.updateTable('cards').set({ customer_id: survivor.id }).where('id', '=', card.id).execute();
      await logChange(trx, 'card', card.id, 'update', at, ['customer_id']);
    }
  }
  // The survivor's card stays the person's: claimed at the merge's clock, the latest, as every till derives it.
  if (mine) await logChange(trx, 'card', mine.id, 'claim', at);
  await settleCards(trx, [survivor.id]);
  return cards.length;
}
