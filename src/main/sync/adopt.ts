/**
 * A batch published in part (docs/architecture.md, "Feeds"): a USB stick that filled up after some
 * of a batch's pieces, or a commit that failed after they were stored, leaves this install's feeds
 * in the store after the seq `sync_state` names. The export that follows adopts them instead of
 * colliding with them: it numbers its own pieces after them and leaves out every entry already
 * published byte for byte (an entry that changed since goes again; applying it twice is a no-op), so
 * a stick that was full needs room only for what is still missing.
 *
 * Feeds under this install's id that this file did not write are not adopted: that is a copy of this
 * till's data in use on another computer (same install id), and merging its feeds in silently would
 * mix two tills' rows under one id. That is `CopiedInstall`, with what to do.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { gidBytes } from '../../shared/gid';
import type { Database } from '../db/schema';
import type { FeedEntry } from './entries';
import { feedEntries, FeedError, type Feed, type FeedStore } from './feedFile';

/** Feeds under this install's id in the store that this file did not write: the data was copied to another computer. */
export class CopiedInstall extends Error {
  constructor(
    readonly install: string,
    readonly seq: number,
    why: string,
  ) {
    super(copiedMessage(install, seq, why, 'sync'));
    this.why = why;
  }
  private readonly why: string;

  /** The same, telling the command that met it (`regulars hub` reads the chain's hub, not a folder). */
  messageFor(command: 'sync' | 'hub'): string {
    return copiedMessage(this.install, this.seq, this.why, command);
  }
}

function copiedMessage(install: string, seq: number, why: string, command: 'sync' | 'hub'): string {
  const where = command === 'hub' ? "the chain's hub" : 'the sync folder';
  const run =
    command === 'hub'
      ? 'regulars hub --data-dir <folder> --postgres URL --new-identity'
      : 'regulars sync --data-dir <folder> --new-identity';
  return (
    `Feed ${seq} of this till (install ${install}) in ${where} was written by another computer using a copy of this till's data (${why}). ` +
    `This till must take a new identity before it syncs again: run "${run}" or press "Take a new identity" on the Sync page.`
  );
}

export interface Adopted {
  /** How many of this install's feeds after `sync_state.feed_seq` were found and adopted. */
  count: number;
  /** The body without the entries those feeds already carry, byte for byte. */
  unsent(body: readonly FeedEntry[]): FeedEntry[];
}

const hashOf = (line: string): string => createHash('sha1').update(line).digest('base64');

/** How many of its own feeds are read at once while adopting (each ≤ 1 MB). */
const READ_AHEAD = 4;

type Db = Kysely<Database> | Transaction<Database>;

const saleSig = (r: { created_at: number; sold_at: number; total: number; points: number }): string =>
  `${r.created_at}/${r.sold_at}/${r.total}/${r.points}`;
const pointsSig = (r: { created_at: number; kind: string; points: number }): string => `${r.created_at}/${r.kind}/${r.points}`;

/** Why a published piece is not this file's, or null when everything in it is here as it says. */
async function notOurs(db: Db, self: string, entries: unknown[], marksSeen: Set<string>): Promise<string | null> {
  // A purchase or ledger row by its key here, what it says of itself: a copy's rows under the same keys say otherwise.
  const sales = new Map<number, string>();
  const points = new Map<number, string>();
  const gids: string[] = [];
  for (const raw of entries) {
    const e = raw as FeedEntry;
    if (e.t === 'marks') {
      const key = `${e.change_seq}:${e.hlc}`;
      if (marksSeen.has(key)) continue;
      // The batch was cut at our log's head then: the same entry must be in our log at or after that seq.
      if (e.change_seq > 0) {
        const at = await db
          .selectFrom('change_log')
          .select('seq')
          .where('seq', '>=', e.change_seq)
          .where('hlc', '=', e.hlc)
          .orderBy('seq')
          .limit(1)
          .executeTakeFirst();
        if (!at) return `its change log ends at an entry this till does not have`;
      }
      const heads = await db
        .selectFrom('sync_state')
        .select((eb) => [
          eb
            .selectFrom('sales')
            .select((s) => s.fn.max('id').as('m'))
            .as('sale'),
          eb
            .selectFrom('points_ledger')
            .select((s) => s.fn.max('id').as('m'))
            .as('ledger'),
        ])
        .executeTakeFirstOrThrow();
      if (e.sale_key > Number(heads.sale ?? 0) || e.ledger_key > Number(heads.ledger ?? 0))
        return 'it names purchases this till has not made';
      marksSeen.add(key);
    } else if (e.t === 'sale' && e.sale.id[0] === self) sales.set(e.sale.id[1], saleSig(e.sale));
    else if (e.t === 'points' && e.id[0] === self) points.set(e.id[1], pointsSig(e));
    else if (e.t === 'customer') gids.push(e.gid);
  }
  if (sales.size > 0) {
    const here = await db
      .selectFrom('sales')
      .select(['id', 'created_at', 'sold_at', 'total', 'points'])
      .where('id', 'in', [...sales.keys()])
      .where('origin_key', 'is', null)
      .execute();
    if (here.length !== sales.size || here.some((r) => sales.get(r.id) !== saleSig(r))) return 'its purchases are not this till’s';
  }
  if (points.size > 0) {
    const here = await db
      .selectFrom('points_ledger')
      .select(['id', 'created_at', 'kind', 'points'])
      .where('id', 'in', [...points.keys()])
      .where('origin_key', 'is', null)
      .execute();
    if (here.length !== points.size || here.some((r) => points.get(r.id) !== pointsSig(r))) return 'its points rows are not this till’s';
  }
  if (gids.length > 0) {
    const here = await db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        'gid',
        'in',
        gids.flatMap((g) => gidBytes(g) ?? []),
      )
      .executeTakeFirstOrThrow();
    if (Number(here.n) !== gids.length) return 'it holds customers this till does not have';
  }
  return null;
}

/**
 * This install's feeds already in the store after `after` (a batch published in part), checked to be
 * this file's; stores that cannot list their own feeds adopt nothing (the publish then refuses a taken seq as before).
 */
export async function adoptPublished(db: Db, store: FeedStore, self: string, after: number): Promise<Adopted> {
  const sent = new Set<string>();
  const marksSeen = new Set<string>();
  let count = 0;
  if (store.readOwn) {
    for (;;) {
      const got = await store.readOwn(self, after + count, READ_AHEAD);
      const problem = got.problems[0];
      if (problem)
        throw new FeedError(
          problem.kind,
          `this till's own feed ${problem.seq} in the sync folder is damaged (${problem.message}); move it out of the folder and sync again`,
        );
      for (const feed of got.feeds) {
        const entries = feedEntries(feed);
        const why = await notOurs(db, self, entries, marksSeen);
        if (why) throw new CopiedInstall(self, feed.header.seq, why);
        for (const line of bodyLines(feed)) sent.add(hashOf(line));
        count++;
      }
      if (got.feeds.length < READ_AHEAD) break;
    }
  }
  return {
    count,
    unsent: (body) => (sent.size === 0 ? [...body] : body.filter((e) => !sent.has(hashOf(JSON.stringify(e))))),
  };
}

/** A feed's entry lines as written (without their line ends), the header left out. */
function bodyLines(feed: Feed): string[] {
  const body = feed.file.subarray(feed.file.indexOf(0x0a) + 1).toString('utf8');
  return body === '' ? [] : body.slice(0, -1).split('\n');
}
