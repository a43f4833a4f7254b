/**
 * "Sync now" in the app (issue 18): the shared folder the tills exchange feed files through, one
 * sync at a time, and what the last one did. The folder is a path on this computer only.
 */
import { z } from 'zod';
import { out } from './schema';

export interface SyncCounts {
  customers: number;
  cards: number;
  sales: number;
  voids: number;
  points: number;
}

export interface SyncResult {
  /** When the sync finished (ISO). */
  at: string;
  ms: number;
  /** The feed this till wrote, or null when it had nothing new. */
  exported: (SyncCounts & { seq: number }) | null;
  applied: (SyncCounts & { install: string; tag: number | null; seq: number })[];
  /** Files refused whole: nothing of them applied, the next sync tries again. */
  refused: { install: string; tag: number | null; seq: number; kind: string; message: string }[];
  waiting: { install: string; tag: number | null; seq: number; reason: string }[];
  /** The sync stopped before it finished (the folder went away, a disk error): the reason. */
  failed: string | null;
}

/** Another till's clock as its feeds showed it (sync/clockDrift.ts): a warning when far off, never a refusal. */
export interface SyncPeerClock {
  /** Its clock minus this till's: at least / at most this much (ms; null: not known yet). */
  aheadAtLeastMs: number | null;
  aheadAtMostMs: number | null;
  /** When it was measured (ISO). */
  at: string | null;
  /** Set when it is far off (over 5 minutes): which way, and by at least how much (ms). */
  warning: { direction: 'ahead' | 'behind'; ms: number } | null;
}

export interface SyncPeer {
  install: string;
  /** The till number people see in codes. */
  tag: number;
  /** The last feed applied from it (0: none yet). */
  lastFeed: number;
  /** Null until a feed of it carrying its clock was applied. */
  clock: SyncPeerClock | null;
}

export interface SyncStatus {
  folder: string | null;
  /** Set when the folder cannot be read now (a USB stick not plugged in). */
  folderMissing: boolean;
  /** This till's own id and number. */
  install: string;
  tag: number;
  /** The last feed this till wrote (0: none yet). */
  lastFeed: number;
  running: boolean;
  last: SyncResult | null;
  peers: SyncPeer[];
}

export const syncContract = {
  'sync.status': { input: z.object({}).optional(), output: out<SyncStatus>() },
  /** The shared folder (an absolute path), or null for none. */
  'sync.setFolder': {
    input: z.object({
      folder: z
        .string()
        .max(1000)
        .transform((s) => s.trim())
        .nullable(),
    }),
    output: out<SyncStatus>(),
  },
  /** "Sync now": refused while another sync runs. */
  'sync.run': { input: z.object({}).optional(), output: out<SyncStatus>() },
};
