/** The backups in a folder, by their names (names.ts), and pruning them by the rotation. */
import fs from 'node:fs';
import path from 'node:path';
import type { BackupEntry, BackupFolder } from '../../../shared/contract/backups';
import { parseBackupName } from './names';
import { backupsToPrune } from './rotation';

export const BACKUPS_DIR = 'backups';

export function dataBackupsDir(dataDir: string): string {
  return path.join(dataDir, BACKUPS_DIR);
}

/** The backups in `dir`, newest first; a missing or unreadable folder (a USB stick pulled out) has none. */
export function listFolder(dir: string, folder: BackupFolder): BackupEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupEntry[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    let bytes: number;
    try {
      const st = fs.statSync(path.join(dir, name));
      if (!st.isFile()) continue;
      bytes = st.size;
    } catch {
      continue;
    }
    out.push({ name, folder, kind: parsed.kind, takenAt: parsed.takenAt.toISOString(), bytes });
  }
  return out.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.name < b.name ? 1 : -1));
}

/** Deletes what the rotation does not keep; returns the names deleted. A file that will not go is left for next time. */
export function pruneFolder(dir: string): string[] {
  const entries = listFolder(dir, 'data').map((e) => ({ ...e, takenAt: new Date(e.takenAt) }));
  const gone: string[] = [];
  for (const e of backupsToPrune(entries)) {
    try {
      fs.rmSync(path.join(dir, e.name));
      gone.push(e.name);
    } catch {
      // Read-only medium or a file in use: kept, tried again after the next backup.
    }
  }
  return gone;
}
