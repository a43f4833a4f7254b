/**
 * A card's status as facts, and the active card derived from them (issue 18), so that every till
 * ends with the same statuses whatever the order feeds and merges arrive in.
 *
 * A card's *own* status is what happened to that card: issued (active), reported lost, replaced by
 * staff, blocked. It travels in feeds and merges by rank (blocked > replaced > lost > active), of two
 * of one rank the later clock of an entry that set that status. Which of a person's cards is *the*
 * active one is not a fact but derived, on every till alike, after every change: of the person's
 * cards whose own status is active, the one with the latest *active clock* stays active (its issue,
 * or a merge on some till that kept it as the survivor's card: a `claim` entry), then the larger
 * UUIDv7; each other is marked replaced by it with the reason MERGED_CARD_REASON (the counter still
 * serves it: the person may carry it). Such a mark says "own status active", so it is never sent as
 * a replacement: a derived replacement made on one till (a merge, two tills issuing a card) can be
 * undone on another (the kept card blocked, the same pair merged the other way) and every till
 * derives it again. An active card's entry carries its active clock; a till that receives a later
 * one logs it as a claim, so the latest travels on.
 */
import { sql, type Kysely } from 'kysely';
import { gidText } from '../../shared/gid';
import { ENTITY_CODES } from '../db/entities';
import type { Database } from '../db/schema';
import type { Tx } from '../services/context';
import type { Clock } from './entries';
import { clockAfter } from './logClocks';

/** The reason on a card replaced because its person has a newer active card (a merge, two tills): its number still finds the person. */
export const MERGED_CARD_REASON = 'merged';

/** The more final status wins. */
export const CARD_STATUS_RANK: Readonly<Record<string, number>> = { active: 0, lost: 1, replaced: 2, blocked: 3 };

/** The log's ops that set each own status (services/cards.ts, and apply.ts logging a received status); an active card's: issued or claimed. */
const OPS_OF_STATUS: Readonly<Record<string, readonly string[]>> = {
  active: ['issue', 'claim'],
  lost: ['lost'],
  replaced: ['replace', 'replaced'],
  blocked: ['blocked'],
};

/** Cards' entries by ops: through the partial index of cards' entries (the entity a literal, as the planner needs). */
function entriesOf(db: Kysely<Database>, keys: readonly number[], ops: readonly string[]) {
  return db
    .selectFrom('change_log')
    .select(['entity_id', 'hlc', 'origin'])
    .where('entity', '=', sql.lit(ENTITY_CODES.card))
    .where('entity_id', 'in', [...keys])
    .where('op', 'in', [...ops])
    .where('hlc', '>', 0)
    .execute();
}

/** Each card's latest clock of these ops ([0, ''] for none; an entry at HLC 0, from before the log, counts as none). */
async function latestOf(
  db: Kysely<Database>,
  keys: readonly number[],
  ops: readonly string[],
  installId: ReadonlyMap<number, string>,
): Promise<Map<number, Clock>> {
  const out = new Map<number, Clock>();
  if (keys.length === 0) return out;
  for (const r of await entriesOf(db, keys, ops)) {
    const c: Clock = [r.hlc, installId.get(r.origin) ?? ''];
    if (clockAfter(c, out.get(r.entity_id) ?? NO_CLOCK)) out.set(r.entity_id, c);
  }
  return out;
}

const NO_CLOCK: Clock = [0, ''];

interface StatusFields {
  status: string;
  status_at: string | null;
  status_reason: string | null;
}

/** Replaced only because the person has a newer active card: its own status is active. */
export const isDerivedReplacement = (c: Pick<StatusFields, 'status' | 'status_reason'>): boolean =>
  c.status === 'replaced' && c.status_reason === MERGED_CARD_REASON;

/** The card's own status fields: a derived replacement reads as the active card it is. */
export function ownStatus<T extends StatusFields & { replaced_by: string | null }>(c: T): T {
  return isDerivedReplacement(c) ? { ...c, status: 'active', status_at: null, status_reason: null, replaced_by: null } : c;
}

/**
 * The clock of a card's own status: its latest entry that set a status of that rank (not a later
 * entry that moved the card or changed nothing of its status), so of two equal statuses the later
 * wins on every till whatever else was logged; for an active card its active clock (above).
 */
export async function ownStatusClock(
  db: Kysely<Database>,
  key: number,
  status: string,
  installId: ReadonlyMap<number, string>,
): Promise<Clock> {
  return (await latestOf(db, [key], OPS_OF_STATUS[status] ?? [status], installId)).get(key) ?? NO_CLOCK;
}

/**
 * Derives each person's active card from their cards' own statuses (see above). Writes only what
 * differs; never logged (every till derives the same from the same facts). Demotions first: the
 * unique index allows one active card per customer at every step.
 */
export async function settleCards(trx: Tx, people: Iterable<number>): Promise<void> {
  const ids = [...new Set(people)];
  if (ids.length === 0) return;
  const installId = new Map((await trx.selectFrom('installs').select(['key', 'id']).execute()).map((i) => [i.key, i.id]));
  for (let i = 0; i < ids.length; i += CHUNK) await settleChunk(trx, ids.slice(i, i + CHUNK), installId);
}

/** Keys per query: well under SQLite's limit of bound values, for a feed that touches many cards. */
const CHUNK = 500;

async function settleChunk(trx: Tx, ids: number[], installId: ReadonlyMap<number, string>): Promise<void> {
  const all = await trx
    .selectFrom('cards')
    .select(['id', 'gid', 'customer_id', 'issued_at', 'status', 'status_at', 'status_reason', 'replaced_by_card_id'])
    .where('customer_id', 'in', ids)
    .execute();
  const byPerson = new Map<number, typeof all>();
  for (const c of all) byPerson.set(c.customer_id, [...(byPerson.get(c.customer_id) ?? []), c]);
  const ownActive = all.filter((c) => c.status === 'active' || isDerivedReplacement(c));
  const clocks = await latestOf(
    trx,
    ownActive.map((c) => c.id),
    OPS_OF_STATUS.active!,
    installId,
  );
  for (const cards of byPerson.values()) {
    const candidates = cards.filter((c) => c.status === 'active' || isDerivedReplacement(c));
    if (candidates.length === 0) continue;
    const ranked = candidates.map((c) => ({ c, clock: clocks.get(c.id) ?? NO_CLOCK, g: gidText(c.gid) }));
    const later = (x: (typeof ranked)[number], w: (typeof ranked)[number]): boolean =>
      clockAfter(x.clock, w.clock) || (!clockAfter(w.clock, x.clock) && x.g > w.g);
    const winner = ranked.reduce((w, x) => (later(x, w) ? x : w)).c;
    for (const c of candidates) {
      if (c.id === winner.id) continue;
      if (
        c.status === 'replaced' &&
        c.status_at === winner.issued_at &&
        c.status_reason === MERGED_CARD_REASON &&
        c.replaced_by_card_id === winner.id
      )
        continue;
      await trx
        .updateTable('cards')
        .set({ status: 'replaced', status_at: winner.issued_at, status_reason: MERGED_CARD_REASON, replaced_by_card_id: winner.id })
        .where('id', '=', c.id)
        .execute();
    }
    if (winner.status !== 'active' || winner.status_at !== null || winner.status_reason !== null || winner.replaced_by_card_id !== null)
      await trx
        .updateTable('cards')
        .set({ status: 'active', status_at: null, status_reason: null, replaced_by_card_id: null })
        .where('id', '=', winner.id)
        .execute();
  }
}

/** settleCards for the people who hold these cards now (after merges moved them). */
export async function settleCardsOf(trx: Tx, cardKeys: readonly number[]): Promise<void> {
  const keys = [...new Set(cardKeys)];
  const people: number[] = [];
  for (let i = 0; i < keys.length; i += CHUNK)
    for (const r of await trx
      .selectFrom('cards')
      .select('customer_id')
      .where('id', 'in', keys.slice(i, i + CHUNK))
      .execute())
      people.push(r.customer_id);
  await settleCards(trx, people);
}
