/**
 * Backups and restore (issue 17): copies of the shop's file in the data folder's backups/ and,
 * mirrored, in a second folder the owner picks. A backup is named by its folder and file name,
 * never a path, so the page can only restore what the list shows.
 */
import { z } from 'zod';
import { out } from './schema';

export type BackupKind = 'daily' | 'manual' | 'pre-migration' | 'pre-import' | 'pre-restore';
export type BackupFolder = 'data' | 'second';

export interface BackupEntry {
  name: string;
  folder: BackupFolder;
  kind: BackupKind;
  takenAt: string;
  bytes: number;
}

export interface BackupsState {
  /** Both folders, newest first. */
  entries: BackupEntry[];
  /** Where copies are mirrored, or null. */
  secondFolder: string | null;
  /** Set when the second folder cannot be read now (a USB stick not plugged in). */
  secondFolderMissing: boolean;
  dataFolder: string;
}

export interface MirrorResult {
  ok: boolean;
  /** Why the copy to the second folder failed (the backup in the data folder is still there). */
  error?: string;
}

export interface TakenBackup {
  entry: BackupEntry;
  /** null when no second folder is set. */
  mirror: MirrorResult | null;
  /** Copies the rotation removed, in both folders. */
  pruned: number;
  ms: number;
}

/** What a backup holds, for the preview before a restore. */
export interface BackupPreview {
  name: string;
  takenAt: string;
  bytes: number;
  customers: number;
  /** Purchases not voided. */
  purchases: number;
  lastPurchaseAt: string | null;
  /** The last migration in the file. */
  schemaVersion: string | null;
  /** Written by a newer version of Regulars: refused. */
  newer: boolean;
  /** 'ok', or what SQLite's check found (quick_check for the preview; the restore runs integrity_check). */
  check: string;
}

export interface RestoreResult {
  restored: BackupPreview;
  /** The copy of the shop as it was just before (null when the data folder held no shop yet: the command line). */
  before: BackupEntry | null;
}

const backupName = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.sqlite$/, { message: 'not a backup file name' });
const backupRef = z.object({ folder: z.enum(['data', 'second']), name: backupName });

export const backupsContract = {
  'backups.list': { input: z.object({}).optional(), output: out<BackupsState>() },
  /** "Back up now". */
  'backups.take': { input: z.object({}).optional(), output: out<TakenBackup>() },
  /** The second folder (an absolute path), or null for none. */
  'backups.setFolder': {
    input: z.object({
      folder: z
        .string()
        .max(1000)
        .transform((s) => s.trim())
        .nullable(),
    }),
    output: out<BackupsState>(),
  },
  'backups.inspect': { input: backupRef, output: out<BackupPreview>() },
  'backups.restore': { input: backupRef, output: out<RestoreResult>() },
};
