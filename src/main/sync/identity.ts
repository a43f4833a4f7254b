/**
 * Two tills that are one install, or share one number (issue 18). A data folder copied whole onto
 * another computer (same host name and path, marker and all: db/install.ts cannot tell) is the same
 * install twice: both write feeds under one id, and the second to export finds its next number taken
 * by a feed it did not write (sync/adopt.ts, `CopiedInstall`). Two copies of one file opened on two
 * computers while offline each become a new install, but both take the same next number (tag), so
 * their codes would collide: every till sees that in its installs table once their feeds meet.
 * Neither is merged silently. The till told to (the copy, or of two with one number the one set up
 * later) takes a new identity here: a new install id and the next free number, with what it made
 * since its last export moved to the new id. What the other copy already published under the old
 * id stays that install's, and this till reads it as another till's from then on.
 */
import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { immediateTransaction } from '../db/busy';
import { writeMarker } from '../db/install';
import type { Database } from '../db/schema';
import type { FeedEntry } from './entries';
import { feedEntries, type FeedStore } from './feedFile';
import { announceTag } from './announceTag';

export interface NewIdentity {
  was: { id: string; tag: number };
  now: { id: string; tag: number };
  /** Purchases and points rows made here since the last export, now the new install's. */
  moved: { sales: number; points: number };
}

/** Other installs this till knows that carry its own number: two copies of one file set up offline. */
export async function sameTag(db: Kysely<Database>): Promise<{ install: string; tag: number; renewHere: boolean }[]> {
  const self = await db.selectFrom('installs').select(['id', 'tag']).where('current', '=', 1).executeTakeFirstOrThrow();
  const others = await db.selectFrom('installs').select(['id', 'tag']).where('tag', '=', self.tag).where('id', '<>', self.id).execute();
  // The one set up later (the larger UUIDv7) renews, so the two tills agree which without talking.
  return others.map((o) => ({ install: o.id, tag: o.tag, renewHere: self.id > o.id }));
}

const sig = (r: { created_at: number; sold_at?: number; total?: number; points: number; kind?: string }): string =>
  `${r.created_at}/${r.sold_at ?? ''}/${r.total ?? ''}/${r.points}/${r.kind ?? ''}`;

/**
 * Rows the other copy already published under this install's id, by key: rows of the shared past it
 * sent stay the old install's (the same fact on both), rows this till made after the copy move.
 */
async function publishedByCopy(store: FeedStore, self: string, after: number) {
  const sales = new Map<number, string>();
  const points = new Map<number, string>();
  for (let seq = after; store.readOwn;) {
    const got = await store.readOwn(self, seq, 4);
    for (const feed of got.feeds) {
      for (const raw of feedEntries(feed)) {
        const e = raw as FeedEntry;
        if (e.t === 'sale' && e.sale.id[0] === self) sales.set(e.sale.id[1], sig(e.sale));
        if (e.t === 'points' && e.id[0] === self) points.set(e.id[1], sig(e));
      }
      seq = feed.header.seq;
    }
    if (got.feeds.length < 4) break;
  }
  return { sales, points };
}

/** The highest number the other tills in the store list in their first feeds: a till this one never heard of may hold the next one. */
async function highestListed(store: FeedStore, self: string): Promise<number> {
  let top = 0;
  for (const install of await store.pending(self, new Map())) {
    const got = await store.fetch(self, new Map(), { install, limit: 1 });
    for (const feed of got.feeds)
      for (const raw of feedEntries(feed).slice(0, 1)) {
        const e = raw as FeedEntry;
        if (e.t === 'installs') for (const i of e.list) top = Math.max(top, i.tag);
      }
  }
  return top;
}

/**
 * An install's number is what its own latest feed says: a till that took a new number (two with one
 * number) lists itself under it, and every till that applies that feed takes it.
 */
export async function followWriterTag(trx: Kysely<Database>, writer: string, list: readonly { id: string; tag: number }[]): Promise<void> {
  const own = list.find((i) => i.id === writer);
  if (own)
    await trx
      .updateTable('installs')
      .set({ tag: own.tag })
      .where('id', '=', writer)
      .where('current', '=', 0)
      .where('tag', '<>', own.tag)
      .execute();
}

/**
 * With `newId` false (two tills with one number), only the number changes: the id, and so every row
 * and feed, stays; the next feed lists this till under its new number (`followWriterTag`).
 */
export async function takeNewIdentity(
  db: Kysely<Database>,
  dataDir: string,
  store: FeedStore | null,
  nowMs: number,
  newId = true,
): Promise<NewIdentity> {
  const before = await db.selectFrom('installs').select('id').where('current', '=', 1).executeTakeFirstOrThrow();
  const state0 = await db.selectFrom('sync_state').select('feed_seq').where('id', '=', 1).executeTakeFirstOrThrow();
  const copy = store ? await publishedByCopy(store, before.id, state0.feed_seq) : { sales: new Map(), points: new Map() };
  const listed = store ? await highestListed(store, before.id) : 0;
  const result = await immediateTransaction(db, async (trx) => {
    const cur = await trx.selectFrom('installs').selectAll().where('current', '=', 1).executeTakeFirstOrThrow();
    const state = await trx.selectFrom('sync_state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const top = await trx
      .selectFrom('installs')
      .select((eb) => eb.fn.max<number>('tag').as('tag'))
      .executeTakeFirstOrThrow();
    const now = { id: newId ? uuidv7() : cur.id, tag: Math.max(Number(top.tag ?? 0), listed) + 1 };
    if (!newId) {
      await trx.updateTable('installs').set({ tag: now.tag }).where('key', '=', cur.key).execute();
      await announceTag(trx, now.tag);
      return { was: { id: cur.id, tag: cur.tag }, now, moved: { sales: 0, points: 0 } };
    }
    await trx.updateTable('installs').set({ current: 0 }).where('key', '=', cur.key).execute();
    const { key } = await trx
      .insertInto('installs')
      .values({ id: now.id, tag: now.tag, created_at: new Date(nowMs).toISOString(), current: 1, bound_to: cur.bound_to })
      .returning('key')
      .executeTakeFirstOrThrow();
    const sales = (
      await trx
        .selectFrom('sales')
        .select(['id', 'created_at', 'sold_at', 'total', 'points'])
        .where('origin', '=', cur.key)
        .where('origin_key', 'is', null)
        .where('id', '>', state.sale_key)
        .execute()
    ).filter((r) => copy.sales.get(r.id) !== sig(r));
    const points = (
      await trx
        .selectFrom('points_ledger')
        .select(['id', 'created_at', 'points', 'kind'])
        .where('origin', '=', cur.key)
        .where('origin_key', 'is', null)
        .where('id', '>', state.ledger_key)
        .execute()
    ).filter((r) => copy.points.get(r.id) !== sig(r));
    for (let i = 0; i < sales.length; i += 500)
      await trx
        .updateTable('sales')
        .set({ origin: key })
        .where(
          'id',
          'in',
          sales.slice(i, i + 500).map((r) => r.id),
        )
        .execute();
    for (let i = 0; i < points.length; i += 500)
      await trx
        .updateTable('points_ledger')
        .set({ origin: key })
        .where(
          'id',
          'in',
          points.slice(i, i + 500).map((r) => r.id),
        )
        .execute();
    // What this till changed since its last export is the new install's to send.
    await trx.updateTable('change_log').set({ origin: key }).where('origin', '=', cur.key).where('seq', '>', state.change_seq).execute();
    // The old id's feeds this till wrote itself are had; from there on they are another till's.
    await trx
      .insertInto('sync_peers')
      .values({ install: cur.key, feed_seq: state.feed_seq })
      .onConflict((oc) => oc.column('install').doUpdateSet({ feed_seq: state.feed_seq }))
      .execute();
    await trx.updateTable('sync_state').set({ feed_seq: 0 }).where('id', '=', 1).execute();
    return { was: { id: cur.id, tag: cur.tag }, now, moved: { sales: sales.length, points: points.length } };
  });
  if (newId) writeMarker(dataDir, result.now.id);
  return result;
}
