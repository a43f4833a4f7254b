/**
 * Which backups to keep. Daily copies thin out with age, grandfather-father-son: the newest of
 * each of the last 7 days that have one, of the last 4 ISO weeks and of the last 12 months (UTC
 * calendar; a copy may count for all three). Manual and pre-* copies are moments the owner or
 * the app chose; the 10 most recent of each kind are kept. The newest copy of every kind is never
 * removed. Pure: the caller lists and deletes.
 */
import type { BackupKind } from './names';

export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
export const KEEP_MONTHLY = 12;
export const KEEP_EACH_OTHER_KIND = 10;

export interface Rotatable {
  name: string;
  kind: BackupKind;
  takenAt: Date;
}

/** The ISO week (year and number) of a UTC day, e.g. '2026-W48'. */
function isoWeek(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${week}`;
}

/** The newest copy in each of the `keep` most recent periods (copies sorted newest first). */
function newestPerPeriod<T extends Rotatable>(newestFirst: T[], period: (d: Date) => string, keep: number): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const b of newestFirst) {
    const p = period(b.takenAt);
    if (seen.has(p)) continue;
    seen.add(p);
    kept.push(b);
    if (kept.length === keep) break;
  }
  return kept;
}

/** The backups to delete, from those of one folder. */
export function backupsToPrune<T extends Rotatable>(backups: readonly T[]): T[] {
  const keep = new Set<T>();
  const byKind = new Map<BackupKind, T[]>();
  for (const b of backups) byKind.set(b.kind, [...(byKind.get(b.kind) ?? []), b]);
  for (const [kind, list] of byKind) {
    list.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || (a.name < b.name ? 1 : -1));
    if (kind === 'daily') {
      for (const b of newestPerPeriod(list, (d) => d.toISOString().slice(0, 10), KEEP_DAILY)) keep.add(b);
      for (const b of newestPerPeriod(list, isoWeek, KEEP_WEEKLY)) keep.add(b);
      for (const b of newestPerPeriod(list, (d) => d.toISOString().slice(0, 7), KEEP_MONTHLY)) keep.add(b);
    } else {
      for (const b of list.slice(0, KEEP_EACH_OTHER_KIND)) keep.add(b);
    }
    keep.add(list[0]!);
  }
  return backups.filter((b) => !keep.has(b));
}
