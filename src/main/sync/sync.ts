/**
 * One sync through a feed store: export this install's changes as its next feed, then apply every
 * other install's new feeds, each install's strictly in order. A feed that names a row made on a
 * third install whose feed comes later in this round waits, and is tried again after every feed
 * that did apply, until a round applies nothing more.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { applyFeed, WaitingFor, type ApplyReport } from './apply';
import { peerClocks, type PeerClock } from './clockDrift';
import { exportChanges, type ExportReport } from './export';
import { FeedError, type Feed, type FeedProblemKind, type FeedStore } from './feedFile';

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

export async function syncWith(db: Kysely<Database>, store: FeedStore, now: () => Date): Promise<SyncReport> {
  const exported = await exportChanges(db, store, now().getTime());
  const self = await db.selectFrom('installs').select('id').where('current', '=', 1).executeTakeFirstOrThrow();
  const peers = await db
    .selectFrom('sync_peers as p')
    .innerJoin('installs as i', 'i.key', 'p.install')
    .select(['i.id', 'p.feed_seq'])
    .execute();
  const fetched = await store.fetch(self.id, new Map(peers.map((p) => [p.id, p.feed_seq])));
  const report: SyncReport = {
    exported,
    applied: [],
    problems: [...fetched.problems],
    waiting: fetched.waiting.map((w) => ({ ...w, reason: 'the file is not there yet (still being copied?)' })),
    clocks: [],
  };
  const queues = new Map<string, Feed[]>();
  for (const f of fetched.feeds) queues.set(f.header.install, [...(queues.get(f.header.install) ?? []), f]);
  const blocked = new Map<string, string>();
  for (let progress = true; progress;) {
    progress = false;
    for (const [install, queue] of queues) {
      while (queue.length > 0) {
        const feed = queue[0]!;
        try {
          const r = await applyFeed(db, feed, now().getTime());
          if (r.applied) report.applied.push(r);
          queue.shift();
          blocked.delete(install);
          progress = true;
        } catch (e) {
          if (e instanceof WaitingFor) {
            blocked.set(install, e.message);
            break;
          }
          if (e instanceof FeedError) {
            report.problems.push({ install, seq: feed.header.seq, kind: e.kind, message: e.message });
            queue.length = 0;
            break;
          }
          // A row that cannot go in beside this install's (the same receipt or external code made on two tills): refused whole, reported.
          if (String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) {
            report.problems.push({ install, seq: feed.header.seq, kind: 'refused', message: (e as Error).message });
            queue.length = 0;
            break;
          }
          throw e;
        }
      }
    }
  }
  for (const [install, reason] of blocked) report.waiting.push({ install, seq: queues.get(install)![0]!.header.seq, reason });
  report.clocks = await peerClocks(db);
  return report;
}
