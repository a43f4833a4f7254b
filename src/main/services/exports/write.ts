/**
 * The export's traces: its record (contact_exports, with its change-log entry) and, for the
 * command line, the file — written to a temporary file beside the target and renamed over it, so
 * a reader never sees half a list, and readable by the owner only (0600): it is personal data.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExportFormat, ExportSelection } from '../../../shared/contract/exports';
import { logChange } from '../../db/changeLog';
import type { Ctx } from '../context';
import { apiId, newGid } from '../keys';

export async function recordExport(
  ctx: Ctx,
  e: { format: ExportFormat; selection: ExportSelection; includeWithoutConsent: boolean; rows: number; exportedBy: 'app' | 'cli' },
): Promise<string> {
  const gid = newGid();
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('contact_exports')
      .values({
        gid,
        exported_at: at,
        exported_by: e.exportedBy,
        format: e.format,
        selection: JSON.stringify(e.selection),
        include_without_consent: e.includeWithoutConsent ? 1 : 0,
        rows: e.rows,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await logChange(trx, 'contact_export', id, 'create', at);
  });
  return apiId(gid);
}

export function writeFileAtomic(file: string, content: string): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { encoding: 'utf8', mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
