/** What a backup file holds, read on its own in the worker: the preview before a restore. */
import fs from 'node:fs';
import path from 'node:path';
import type { BackupPreview } from '../../../shared/contract/backups';
import { migrations } from '../../db/migrations';
import { parseBackupName } from './names';
import { workerResult, type FileSummary } from './worker';

/** A file whose migrations are not a prefix of this version's was written by a newer (or diverged) version. */
export function isNewer(applied: readonly string[]): boolean {
  const known = migrations.map((m) => m.name);
  return applied.some((name, i) => known[i] !== name);
}

function instant(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export interface Inspected {
  preview: BackupPreview;
  summary: FileSummary | undefined;
}

/** The preview of `file`; `label` names it (the backup's name when `file` is a private temporary copy). */
export async function inspectFile(
  file: string,
  opts: { label?: string; pragma?: 'quick_check' | 'integrity_check'; nativeBinding?: string } = {},
): Promise<Inspected> {
  const name = opts.label ?? path.basename(file);
  const st = fs.statSync(file);
  const r = await workerResult({ file, pragma: opts.pragma ?? 'quick_check', summary: true }, opts.nativeBinding);
  const s = r.summary;
  const applied = s?.migrations ?? [];
  return {
    summary: s,
    preview: {
      name,
      takenAt: (parseBackupName(name)?.takenAt ?? st.mtime).toISOString(),
      bytes: st.size,
      customers: Number(s?.customers ?? 0),
      purchases: Number(s?.purchases ?? 0),
      lastPurchaseAt: instant(s?.lastPurchase),
      schemaVersion: applied.at(-1) ?? null,
      newer: isNewer(applied),
      check: r.check,
    },
  };
}
