import type { Selectable } from 'kysely';
import { checkCardNumber, makeCardNumber } from '../../shared/cardNumber';
import type { Card, CardStatus, CounterCustomer } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { CardsTable } from '../db/schema';
import { logChange } from '../db/changeLog';
import { nextSequence, type Ctx, type Tx } from './context';
import { apiId, newGid, storedGid } from './keys';
import { installTag } from './install';
import { customerStats, getCustomerRow, toCustomer } from './customers';
import { idempotent, type KeyedRequest } from './idempotency';
import { immediateTransaction } from '../db/busy';
import { MERGED_CARD_REASON, settleCards } from '../sync/cardStatus';

export type CardRow = Selectable<CardsTable> & {
  customer_gid: Uint8Array;
  replaced_by_number?: string | null;
  replaced_by_gid?: Uint8Array | null;
  replaced_by_status?: string | null;
  replaced_by_issued_at?: string | null;
};

/** The reason on a card replaced by a merge (services/privacy/merge.ts): its number still finds the person. */
export { MERGED_CARD_REASON };

export function toCard(r: CardRow): Card {
  return {
    id: apiId(r.gid),
    number: r.number,
    customerId: apiId(r.customer_gid),
    status: r.status as CardStatus,
    issuedAt: r.issued_at,
    statusAt: r.status_at,
    statusReason: r.status_reason,
    replacedByNumber: r.replaced_by_number ?? null,
  };
}

function cardQuery(tx: Tx) {
  return tx
    .selectFrom('cards as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .leftJoin('cards as r', 'r.id', 'k.replaced_by_card_id')
    .selectAll('k')
    .select([
      'c.gid as customer_gid',
      'r.number as replaced_by_number',
      'r.gid as replaced_by_gid',
      'r.status as replaced_by_status',
      'r.issued_at as replaced_by_issued_at',
    ]);
}

/** The customer's active card (`customerId`: the local key). */
export async function activeCard(tx: Tx, customerId: number): Promise<Card | null> {
  const row = await cardQuery(tx).where('k.customer_id', '=', customerId).where('k.status', '=', 'active').executeTakeFirst();
  return row ? toCard(row) : null;
}

export async function cardsOf(tx: Tx, customerId: number): Promise<Card[]> {
  const rows = await cardQuery(tx).where('k.customer_id', '=', customerId).orderBy('k.issued_at', 'desc').orderBy('k.id', 'desc').execute();
  return rows.map(toCard);
}

async function getCard(tx: Tx, cardId: string): Promise<CardRow> {
  const gid = storedGid(cardId);
  const row = gid ? await cardQuery(tx).where('k.gid', '=', gid).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No card with this id.', { field: 'cardId' });
  return row;
}

const cardByKey = (tx: Tx, key: number): Promise<CardRow> => cardQuery(tx).where('k.id', '=', key).executeTakeFirstOrThrow();

async function insertCard(tx: Tx, customerId: number, at: string): Promise<CardRow> {
  const row = {
    gid: newGid(),
    number: makeCardNumber(await nextSequence(tx, 'card'), await installTag(tx)),
    customer_id: customerId,
    status: 'active',
    issued_at: at,
    status_at: null,
    status_reason: null,
    replaced_by_card_id: null,
  };
  const { id } = await tx.insertInto('cards').values(row).returning('id').executeTakeFirstOrThrow();
  await logChange(tx, 'card', id, 'issue', at);
  return cardByKey(tx, id);
}

/** With a key, a retry returns the card the first call issued rather than CARD_ALREADY_ACTIVE (idempotency.ts). */
export async function issueCard(ctx: Ctx, customerId: string, keyed: KeyedRequest | null = null): Promise<Card> {
  const at = ctx.now().toISOString();
  return immediateTransaction(ctx.db, (trx) =>
    idempotent(trx, keyed, at, async () => {
      const customer = await getCustomerRow(trx, customerId, 'customerId');
      if (customer.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased.');
      const current = await activeCard(trx, customer.id);
      if (current) {
        throw new AppError('CARD_ALREADY_ACTIVE', `This customer already has active card ${current.number}; replace it instead.`, {
          params: { number: current.number },
        });
      }
      return toCard(await insertCard(trx, customer.id, at));
    }),
  );
}

export async function setCardStatus(ctx: Ctx, cardId: string, status: 'lost' | 'blocked', reason: string | null): Promise<Card> {
  return immediateTransaction(ctx.db, async (trx) => {
    const card = await getCard(trx, cardId);
    if (card.status !== 'active')
      throw new AppError('CARD_NOT_ACTIVE', `Card ${card.number} is already ${card.status}.`, { params: { status: card.status } });
    const at = ctx.now().toISOString();
    await trx.updateTable('cards').set({ status, status_at: at, status_reason: reason }).where('id', '=', card.id).execute();
    await logChange(trx, 'card', card.id, status, at, ['status', 'status_at', 'status_reason']);
    // The person's other card, if one was only set aside for this one, is theirs again (as every till derives it).
    await settleCards(trx, [card.customer_id]);
    return toCard(await cardByKey(trx, card.id));
  });
}

/** Issues a new number to the same customer; the old one is kept, marked replaced, and refused at the till. */
export async function replaceCard(ctx: Ctx, cardId: string, reason: string | null): Promise<Card> {
  return immediateTransaction(ctx.db, async (trx) => {
    const old = await getCard(trx, cardId);
    if (old.status === 'replaced') {
      throw new AppError('CARD_REPLACED', `Card ${old.number} was already replaced by ${old.replaced_by_number}.`, {
        params: { number: old.number, replacement: old.replaced_by_number ?? '' },
      });
    }
    const other = await activeCard(trx, old.customer_id);
    if (other && other.id !== apiId(old.gid)) {
      throw new AppError('CARD_ALREADY_ACTIVE', `This customer already has active card ${other.number}.`, {
        params: { number: other.number },
      });
    }
    const at = ctx.now().toISOString();
    // Free the one-active-card slot before the new card takes it.
    const why = [old.status !== 'active' ? old.status : null, reason].filter(Boolean).join(': ') || null;
    await trx.updateTable('cards').set({ status: 'replaced', status_at: at, status_reason: why }).where('id', '=', old.id).execute();
    const fresh = await insertCard(trx, old.customer_id, at);
    await trx.updateTable('cards').set({ replaced_by_card_id: fresh.id }).where('id', '=', old.id).execute();
    await logChange(trx, 'card', old.id, 'replace', at, ['status', 'status_at', 'status_reason', 'replaced_by_card_id']);
    // A card set aside for the old one now points to the new one.
    await settleCards(trx, [old.customer_id]);
    return toCard(fresh);
  });
}

/** A swiped or typed card number, normalised, or the precise reason it is not one. */
export function checkedCardNumber(raw: string): string {
  const checked = checkCardNumber(raw);
  if (!checked.ok) {
    if (checked.problem === 'check_digit') {
      throw new AppError(
        'CARD_CHECK_DIGIT',
        `${raw.trim()} is not a valid card number (the check digit does not match): scan again or type it carefully.`,
        {
          field: 'number',
          params: { number: raw.trim() },
        },
      );
    }
    throw new AppError('CARD_MALFORMED', `${raw.trim()} is not a card number.`, { field: 'number', params: { number: raw.trim() } });
  }
  return checked.number;
}

/** The active card read for a number, or why it cannot be used. */
export function activeCardOf(row: CardRow | undefined, number: string): Card {
  if (!row) throw new AppError('CARD_UNKNOWN', `No card with number ${number}.`, { field: 'number', params: { number } });
  // A merged duplicate's card: the person may still carry it, and the sale must reach the survivor.
  if (row.status === 'replaced' && row.status_reason === MERGED_CARD_REASON && row.replaced_by_status === 'active') {
    return toCard({
      ...row,
      id: row.replaced_by_card_id!,
      gid: row.replaced_by_gid!,
      number: row.replaced_by_number!,
      status: 'active',
      issued_at: row.replaced_by_issued_at!,
      status_at: null,
      status_reason: null,
      replaced_by_card_id: null,
      replaced_by_number: null,
    });
  }
  const card = toCard(row);
  const params = { number: card.number, replacement: card.replacedByNumber ?? '', date: card.statusAt ?? '' };
  if (card.status === 'replaced') {
    throw new AppError('CARD_REPLACED', `Card ${card.number} was replaced by card ${card.replacedByNumber}; use the new card.`, {
      field: 'number',
      params,
    });
  }
  if (card.status === 'blocked') throw new AppError('CARD_BLOCKED', `Card ${card.number} is blocked.`, { field: 'number', params });
  if (card.status === 'lost') throw new AppError('CARD_LOST', `Card ${card.number} was reported lost.`, { field: 'number', params });
  return card;
}

/** The card with this (normalised) number, with its replacement's number. */
export function cardByNumber(tx: Tx, number: string) {
  return cardQuery(tx).where('k.number', '=', number);
}

/** Resolves a swiped or typed number to an active card, or says precisely why not. */
export async function resolveActiveCard(tx: Tx, raw: string): Promise<Card> {
  const number = checkedCardNumber(raw);
  return activeCardOf(await cardByNumber(tx, number).executeTakeFirst(), number);
}

export async function lookupCard(ctx: Ctx, raw: string): Promise<CounterCustomer> {
  const card = await resolveActiveCard(ctx.db, raw);
  const row = await getCustomerRow(ctx.db, card.customerId);
  if (row.erased_at) throw new AppError('CUSTOMER_ERASED', 'This card belongs to an erased customer.', { field: 'number' });
  return { customer: toCustomer(row), card, stats: await customerStats(ctx.db, row.id) };
}
