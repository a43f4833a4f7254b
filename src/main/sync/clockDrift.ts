/**
 * Clocks drift on shop computers (issue 18): warn when another till's clock is far off, never refuse.
 * A feed's marks carry the writer's clock when it exported and its own measure of each peer's clock.
 * The feed may have waited in the folder, so the writer's clock minus ours when we apply it is only
 * a lower bound of how far ahead the writer runs; the writer's measure of ours, negated, is an upper
 * bound (the same reasoning from its side). A till is "ahead" when the lower bound passes the limit
 * and "behind" when the upper bound is below minus the limit: a feed that waited a day in the folder
 * never raises a warning by itself. Kept per peer in sync_peers (migration 0106).
 */
import type { Kysely } from 'kysely';
import type { SyncPeerClock } from '../../shared/contract/sync';
import type { Database } from '../db/schema';
import type { Tx } from '../services/context';

/** Beyond this a till's clock is called far off: receipts, "today" and the order of edits start to go wrong. */
export const CLOCK_WARN_MS = 5 * 60_000;

export interface PeerClock extends SyncPeerClock {
  install: string;
  tag: number;
}

export function clockWarning(atLeast: number | null, atMost: number | null): PeerClock['warning'] {
  if (atLeast !== null && atLeast > CLOCK_WARN_MS) return { direction: 'ahead', ms: atLeast };
  if (atMost !== null && atMost < -CLOCK_WARN_MS) return { direction: 'behind', ms: -atMost };
  return null;
}

/** What a feed's marks say of clocks: the writer's clock at export, and its measure of each peer's [install id, ms ahead of it]. */
export interface MarksClock {
  clock?: number | undefined;
  peers?: [string, number][] | undefined;
}

/** This till's measures of its peers, for its next feed's marks. */
export async function measuredPeers(trx: Tx): Promise<[string, number][]> {
  const rows = await trx
    .selectFrom('sync_peers as p')
    .innerJoin('installs as i', 'i.key', 'p.install')
    .select(['i.id', 'p.clock_offset_ms'])
    .where('p.clock_offset_ms', 'is not', null)
    .orderBy('i.id')
    .execute();
  return rows.map((r) => [r.id, r.clock_offset_ms!]);
}

/** Keeps what an applied feed showed of its writer's clock (`writer`: its key; `self`: this install's id). */
export async function recordClock(trx: Tx, writer: number, self: string, marks: MarksClock, nowMs: number): Promise<void> {
  if (marks.clock === undefined) return;
  const ofUs = marks.peers?.find(([id]) => id === self)?.[1];
  await trx
    .updateTable('sync_peers')
    .set({
      clock_offset_ms: marks.clock - nowMs,
      clock_offset_max_ms: ofUs === undefined ? null : -ofUs,
      clock_at: new Date(nowMs).toISOString(),
    })
    .where('install', '=', writer)
    .execute();
}

/** Every peer's clock as last seen, with the warning when it is far off. */
export async function peerClocks(db: Kysely<Database>): Promise<PeerClock[]> {
  const rows = await db
    .selectFrom('sync_peers as p')
    .innerJoin('installs as i', 'i.key', 'p.install')
    .select(['i.id', 'i.tag', 'p.clock_offset_ms', 'p.clock_offset_max_ms', 'p.clock_at'])
    .where('p.clock_at', 'is not', null)
    .orderBy('i.tag')
    .execute();
  return rows.map((r) => ({
    install: r.id,
    tag: r.tag,
    aheadAtLeastMs: r.clock_offset_ms,
    aheadAtMostMs: r.clock_offset_max_ms,
    at: r.clock_at,
    warning: clockWarning(r.clock_offset_ms, r.clock_offset_max_ms),
  }));
}

/** The command line's lines for far-off clocks. */
export function clockWarnings(clocks: readonly PeerClock[]): string[] {
  return clocks.flatMap((c) =>
    c.warning
      ? [
          `Warning: the clock of till ${c.tag} is at least ${Math.floor(c.warning.ms / 60_000)} minutes ${c.warning.direction} of this one's. ` +
            'Set both computers to the right time (automatically, from the internet, where they can): the sync goes on, but times and the order of edits may be off.',
        ]
      : [],
  );
}
