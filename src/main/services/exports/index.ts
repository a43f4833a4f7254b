/**
 * Mailing-list exports (issue 15), by stage: `select` (who: the selection, consent, never erased
 * customers, in chunks), `names` (first and last name by script), `cells` (formula neutralising),
 * `formats` and `vcard` (rows per format), `write` (the export's record; the CLI's atomic file).
 */
import type {
  ContactExport,
  ContactExportCount,
  ContactExportProgress,
  ExportFormat,
  ExportSelection,
} from '../../../shared/contract/exports';
import type { Ctx } from '../context';
import { storedGid } from '../keys';
import { shaper } from './formats';
import { countSelection, selectContacts } from './select';
import { recordExport } from './write';

export { writeFileAtomic } from './write';

export function countContacts(ctx: Ctx, selection: ExportSelection, includeWithoutConsent: boolean): Promise<ContactExportCount> {
  return countSelection(ctx, selection, includeWithoutConsent);
}

async function selectionName(ctx: Ctx, s: ExportSelection): Promise<string> {
  switch (s.kind) {
    case 'all':
      return 'all-customers';
    case 'rfm':
      return `rfm-${s.segment}`;
    case 'segment': {
      const gid = storedGid(s.segmentId);
      const r = gid ? await ctx.db.selectFrom('segments').select('name').where('gid', '=', gid).executeTakeFirst() : undefined;
      return r?.name ?? 'segment';
    }
    case 'campaign': {
      const gid = storedGid(s.campaignId);
      const r = gid ? await ctx.db.selectFrom('campaigns').select('name').where('gid', '=', gid).executeTakeFirst() : undefined;
      return r?.name ?? 'campaign';
    }
  }
}

/** A file name any system accepts: the selection's name folded to ASCII letters and digits. */
function slug(s: string): string {
  const folded = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return folded || 'contacts';
}

/**
 * Running exports by the caller's progress key. In memory on purpose: it lives as long as the
 * export does, and the chunks' turns of the event loop (select.ts) let the poll through.
 */
const running = new Map<string, ContactExportProgress>();

export function exportProgress(key: string): ContactExportProgress | null {
  const p = running.get(key);
  // A copy: the export keeps counting in the object it holds.
  return p ? { ...p } : null;
}

export async function exportContacts(
  ctx: Ctx,
  input: {
    selection: ExportSelection;
    format: ExportFormat;
    includeWithoutConsent: boolean;
    exportedBy: 'app' | 'cli';
    progressKey?: string;
  },
): Promise<ContactExport> {
  const key = input.progressKey;
  const progress: ContactExportProgress = { done: 0, total: null };
  if (key) running.set(key, progress);
  try {
    return await build(ctx, input, progress);
  } finally {
    if (key && running.get(key) === progress) running.delete(key);
  }
}

async function build(
  ctx: Ctx,
  input: {
    selection: ExportSelection;
    format: ExportFormat;
    includeWithoutConsent: boolean;
    exportedBy: 'app' | 'cli';
    progressKey?: string;
  },
  progress: ContactExportProgress,
): Promise<ContactExport> {
  if (input.progressKey) progress.total = (await countSelection(ctx, input.selection, input.includeWithoutConsent)).count;
  const shape = shaper(input.format, input.selection.kind === 'campaign');
  const parts = [shape.header];
  let rows = 0;
  for await (const chunk of selectContacts(ctx, input.selection, input.includeWithoutConsent)) {
    parts.push(shape.chunk(chunk));
    rows += chunk.length;
    progress.done = rows;
  }
  const day = ctx.now().toISOString().slice(0, 10);
  const suffix = input.format === 'excel' ? '-excel' : input.format === 'mailchimp' ? '-mailchimp' : '';
  const filename = `${slug(await selectionName(ctx, input.selection))}-${day}${suffix}.${shape.extension}`;
  await recordExport(ctx, {
    format: input.format,
    selection: input.selection,
    includeWithoutConsent: input.includeWithoutConsent,
    exportedBy: input.exportedBy,
    rows,
  });
  return { content: parts.join(''), filename, mimeType: shape.mimeType, rows };
}
