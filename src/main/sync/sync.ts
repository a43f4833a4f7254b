/**
 * One sync through a feed store: export this install's changes as its next feeds, then apply every
 * other install's new feeds, each install's strictly in order, read a few at a time (never all in
 * memory) with a turn of the event loop between two. A feed that names a row made on a third
 * install whose feed comes later waits, and is tried again in the next round, until a round
 * applies nothing more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { applyFeed, WaitingFor, type ApplyReport } from './apply';
import { peerClocks, type PeerClock } from './clockDrift';
import { exportChanges, type ExportReport } from './export';
import { FeedError, type FeedProblemKind, type FeedStore } from './feedFile';
import type { PieceLimits } from './split';
import { flushBeforeExport } from './audit';

export interface SyncReport {
  exported: ExportReport;
  applied: ApplyReport[];
  /** Files refused whole (damaged, cut short, …): nothing of them applied; the next sync tries again. */
  problems: { install: string; seq: number; kind: FeedProblemKind | 'refused'; message: string }[];
  /** An install's next feed not there yet, or waiting for a row another install has not sent yet. */
  waiting: { install: string; seq: number; reason: string }[];
  /** Each other till's clock as its last feed showed it, with a warning when it is far off (never a refusal). */
  clocks: PeerClock[];
}

/** How many of one install's feeds are read at once: pieces are ≤ 1 MB (sync/split.ts), so a few MB. */
export const READ_AHEAD = 4;

export interface SyncOptions {
  /** Piece sizes for this install's export (tests make them small). */
  limits?: PieceLimits;
  /** Feeds of one install read at a time. */
  readAhead?: number;
}

/** Lets the event loop turn between two feeds, so the counter's calls waiting for the shop file get in. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function syncWith(db: Kysely<Database>, store: FeedStore, now: () => Date, options: SyncOptions = {}): Promise<SyncReport> {
  const readAhead = options.readAhead ?? READ_AHEAD;
  flushBeforeExport(db);
  const exported = await exportChanges(db, store, now().getTime(), options.limits);
  await turn();
  const self = await db.selectFrom('installs').select('id').where('current', '=', 1).executeTakeFirstOrThrow();
  const peers = await db
    .selectFrom('sync_peers as p')
    .innerJoin('installs as i', 'i.key', 'p.install')
    .select(['i.id', 'p.feed_seq'])
    .execute();
  const after = new Map(peers.map((p) => [p.id, p.feed_seq]));
  const report: SyncReport = { exported, applied: [], problems: [], waiting: [], clocks: [] };
  const streams = await store.pending(self.id, after);
  const blocked = new Map<string, { seq: number; reason: string }>();
  /** Installs done with for this sync: all read, or stopped at a refused or missing file. */
  const ended = new Set<string>();
  const refuse = (install: string, seq: number, e: unknown): boolean => {
    if (e instanceof FeedError) {
      report.problems.push({ install, seq, kind: e.kind, message: e.message });
      return true;
    }
    // A row that cannot go in beside this install's (the same receipt or external code made on two tills): refused whole, reported.
    if (String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) {
      report.problems.push({ install, seq, kind: 'refused', message: (e as Error).message });
      return true;
    }
    return false;
  };
  for (let progress = true; progress;) {
    progress = false;
    for (const install of streams) {
      if (ended.has(install)) continue;
      for (let reading = true; reading;) {
        const got = await store.fetch(self.id, new Map([[install, after.get(install) ?? 0]]), { install, limit: readAhead });
        let stopped = false;
        for (const feed of got.feeds) {
          try {
            const r = await applyFeed(db, feed, now().getTime());
            if (r.applied) report.applied.push(r);
            after.set(install, feed.header.seq);
            blocked.delete(install);
            progress = true;
          } catch (e) {
            stopped = true;
            if (e instanceof WaitingFor) blocked.set(install, { seq: feed.header.seq, reason: e.message });
            else if (refuse(install, feed.header.seq, e)) ended.add(install);
            else throw e;
            break;
          }
          await turn();
        }
        if (stopped) break;
        if (got.feeds.length < readAhead || got.problems.length > 0 || got.waiting.length > 0) {
          report.problems.push(...got.problems);
          report.waiting.push(...got.waiting.map((w) => ({ ...w, reason: 'the file is not there yet (still being copied?)' })));
          ended.add(install);
          reading = false;
        }
      }
    }
  }
  for (const [install, b] of blocked) report.waiting.push({ install, ...b });
  report.clocks = await peerClocks(db);
  return report;
}
