/**
 * A backup's kind and time live in its file name, so the list needs no table (a restored file
 * would bring back an old table and lose the record of the newer backups) and a folder copied by
 * hand is still understood: `daily-2026-11-25T03-00-00-000Z.sqlite`. Names written by older
 * versions are read too: `regulars-<time>` (the CLI's `backup`) is manual, `before-<migration>-<time>`
 * is a pre-migration copy.
 */
export const BACKUP_KINDS = ['daily', 'manual', 'pre-migration', 'pre-import', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

const TIME = /(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.sqlite$/;

/** The file name of a backup of `kind` taken at `at`; it sorts by time within a kind. */
export function backupFileName(kind: BackupKind, at: Date): string {
  return `${kind}-${at.toISOString().replace(/[:.]/g, '-')}.sqlite`;
}

/** Kind and time of a backup's file name, or null for anything else in the folder (left alone). */
export function parseBackupName(name: string): { kind: BackupKind; takenAt: Date } | null {
  const m = TIME.exec(name);
  if (!m) return null;
  const stem = name.slice(0, m.index);
  const t = m[1]!;
  const takenAt = new Date(`${t.slice(0, 10)}T${t.slice(11, 13)}:${t.slice(14, 16)}:${t.slice(17, 19)}.${t.slice(20, 23)}Z`);
  if (Number.isNaN(takenAt.getTime())) return null;
  const kind = BACKUP_KINDS.find((k) => stem === `${k}-`);
  if (kind) return { kind, takenAt };
  if (stem === 'regulars-') return { kind: 'manual', takenAt };
  if (stem.startsWith('before-')) return { kind: 'pre-migration', takenAt };
  return null;
}
