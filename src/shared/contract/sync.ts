/**
 * "Sync now" in the app (issue 18): the shared folder the tills exchange feed files through, one
 * sync at a time, and what the last one did. The folder is a path on this computer only.
 */
import { z } from 'zod';
import { id, out } from './schema';

export interface SyncCounts {
  customers: number;
  cards: number;
  sales: number;
  voids: number;
  points: number;
  /** Absent in results kept by a version before campaigns and coupons travelled. */
  campaigns?: number;
  coupons?: number;
  /** Absent in results kept by a version before segments and settings travelled. */
  segments?: number;
  settings?: number;
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
  /**
   * The sync stopped because feeds under this till's id in the folder were written by another computer
   * holding a copy of this till's data: this till must take a new identity (`sync.newIdentity`). Absent in older results.
   */
  copiedInstall?: boolean;
  /**
   * Customers the received files brought in beside another with the same phone or email (made for one
   * person on two tills before they synced): both kept, offered for merge. Absent in older results.
   */
  duplicates?: SyncDuplicatePair[];
  /** How it synced; absent in results kept by a version before the hub was on this page (a folder). */
  via?: SyncVia;
  /** Set when the chain's hub could not be used: what went wrong, said on the page in the shop's language. */
  hubProblem?: SyncHubProblem | null;
}

/** Through the shared folder, or through the chain's hub (a PostgreSQL server). */
export type SyncVia = 'folder' | 'hub';

export type SyncHubProblemKind = 'unreachable' | 'auth' | 'noPassword' | 'noDatabase' | 'permission' | 'tls' | 'newerHub';

export interface SyncHubProblem {
  kind: SyncHubProblemKind;
  host: string;
  port: string;
  database: string;
  role: string;
  /** The driver's own words, for the chain's IT person; never the password. */
  detail: string;
}

/** The chain's hub as this till reaches it. The password is never kept in the shop file (docs/architecture.md). */
export interface SyncHub {
  /** The connection URL without its password. */
  url: string;
  host: string;
  port: string;
  database: string;
  role: string;
  /** A password typed on the Sync page is held in memory until the app closes. */
  passwordHeld: boolean;
  /** $PGPASSWORD or a ~/.pgpass file (or $PGPASSFILE) is there for the app to use. */
  passwordFromComputer: boolean;
}

export interface SyncDuplicatePair {
  customer: { id: string; code: string; name: string };
  other: { id: string; code: string; name: string };
  matchedOn: 'phone' | 'email';
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
  /** What Sync now uses; a folder unless the owner chose the chain's hub. */
  via: SyncVia;
  hub: SyncHub | null;
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
  /**
   * Other tills with this till's number (two copies of one file set up offline): their codes would collide.
   * `renewHere`: this till is the one to take a new identity (the one set up later).
   */
  sameTag?: { install: string; tag: number; renewHere: boolean }[];
}

/** A row a finding involves, by global id: a purchase or a points row made on a till. */
export interface SyncFindingRow {
  kind: 'purchase' | 'points';
  install: string;
  tag: number | null;
  /** The row's key on the till that made it. */
  key: number;
}

/**
 * Something sync found that offline tills could not prevent (a coupon used past its limit, a points
 * balance below zero…): the same list on every till once all have synced. `kind` names it
 * (sync/findings.ts); `detail` holds its figures.
 */
export interface SyncFinding {
  /** Its key on this till (a decimal string), for the seen mark. */
  id: string;
  /** The owner marked it seen here (a mark of this till only; found again saying something else, it is unseen again). */
  seen: boolean;
  kind: string;
  /** When the facts say it happened (ISO). */
  at: string;
  customer: { id: string; code: string; name: string } | null;
  coupon: { id: string; code: string; campaignId: string; campaignName: string } | null;
  /** A finding about a campaign (issued on two tills) names it. */
  campaign: { id: string; name: string } | null;
  rows: SyncFindingRow[];
  /** The tills whose feeds brought those rows. */
  tills: { install: string; tag: number | null }[];
  detail: Record<string, number | string>;
}

/** What withdrawing a campaign's later coupons did: how many were cancelled, and the used ones kept. */
export interface WithdrawnCoupons {
  id: string;
  withdrawn: number;
  kept: { code: string; customer: { code: string; name: string } | null }[];
}

export interface SyncFindings {
  /** Every finding kept, seen or not. */
  total: number;
  unseen: number;
  items: SyncFinding[];
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
  /** Sync now through the shared folder or the chain's hub. */
  'sync.setVia': { input: z.object({ via: z.enum(['folder', 'hub']) }), output: out<SyncStatus>() },
  /**
   * The chain's hub: a postgres:// URL (null: none). A password in the URL or in `password` is held in
   * memory for this session only, never stored; an empty `password` forgets the one held.
   */
  'sync.setHub': {
    input: z.object({
      url: z
        .string()
        .max(2000)
        .transform((s) => s.trim())
        .nullable(),
      password: z.string().max(1000).optional(),
    }),
    output: out<SyncStatus>(),
  },
  /** "Sync now": refused while another sync runs. */
  'sync.run': { input: z.object({}).optional(), output: out<SyncStatus>() },
  /** This till becomes a new install (new id, next free number): a copy of another till's data, or two tills with one number. */
  'sync.newIdentity': { input: z.object({}).optional(), output: out<SyncStatus>() },
  /** "Found while syncing": unseen first, each newest first; the ones marked seen only `withSeen`. */
  'sync.findings': {
    input: z
      .object({ limit: z.number().int().min(1).max(500).default(100), withSeen: z.boolean().default(false) })
      .default({ limit: 100, withSeen: false }),
    output: out<SyncFindings>(),
  },
  /**
   * A campaign issued on two tills before they synced (its finding `campaign_issued_twice`): the coupons
   * of the set issued later (by the hybrid clock: the same set on every till) not yet used are cancelled;
   * used ones are kept and named. Again, it cancels nothing more.
   */
  'sync.withdrawLaterCoupons': { input: z.object({ id }), output: out<WithdrawnCoupons>() },
  /** The owner marks a finding seen (or unseen again) on this till. */
  'sync.setFindingSeen': {
    input: z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'A finding id is its number.'), seen: z.boolean() }),
    output: out<{ id: string; seen: boolean; unseen: number }>(),
  },
};
