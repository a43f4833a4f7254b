/**
 * `regulars export-contacts`: a mailing list to a file. It calls the service directly (a 100k list
 * is larger than the HTTP body limit), validates with the contract's schemas, writes the file
 * atomically and 0600, and records the export as made from the command line.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportSelection, type ExportFormat, type ExportSelection } from '../../shared/contract/exports';
import { AppError } from '../../shared/errors';
import { zodToApiError } from '../api/dispatch';
import { openBackend } from '../backend';
import { auditDetail, writeAudit } from '../services/staff';
import { exportContacts, writeFileAtomic } from '../services/exports';

export const EXPORT_CONTACTS_HELP = `  export-contacts
            A mailing list of customers with recorded marketing consent, to a file.
            --format mailchimp|excel|vcard --out FILE
            [--segment ID | --rfm NAME | --campaign ID] (none: the whole customer list; a
            campaign's list holds its coupon holders with their codes)
            [--include-without-consent] also people who never agreed to marketing`;

export async function exportContactsCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
): Promise<number> {
  let values: {
    'data-dir'?: string;
    format?: string;
    out?: string;
    segment?: string;
    rfm?: string;
    campaign?: string;
    'include-without-consent'?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'data-dir': { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        segment: { type: 'string' },
        rfm: { type: 'string' },
        campaign: { type: 'string' },
        'include-without-consent': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  const format = values.format;
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${format ? `, got "${format}"` : ''}`);
  }
  if (!values.out) throw usageError('--out FILE is required');
  const chosen = (['segment', 'rfm', 'campaign'] as const).filter((k) => values[k] !== undefined);
  if (chosen.length > 1) throw usageError(`choose one of --segment, --rfm, --campaign (got ${chosen.map((c) => '--' + c).join(', ')})`);
  const raw =
    values.segment !== undefined
      ? { kind: 'segment', segmentId: values.segment }
      : values.rfm !== undefined
        ? { kind: 'rfm', segment: values.rfm }
        : values.campaign !== undefined
          ? { kind: 'campaign', campaignId: values.campaign }
          : { kind: 'all' };
  const parsed = exportSelection.safeParse(raw);
  if (!parsed.success) throw usageError(`--${chosen[0]}: ${zodToApiError(parsed.error).message}`);
  const selection: ExportSelection = parsed.data;
  const file = path.resolve(values.out);

  const backend = await openBackend(path.resolve(dataDirOf(values['data-dir'])));
  try {
    const result = await exportContacts(backend.ctx, {
      selection,
      format: format as ExportFormat,
      includeWithoutConsent: values['include-without-consent'] === true,
      exportedBy: 'cli',
    });
    writeFileAtomic(file, result.content);
    // Exports from the app are logged by dispatch; the command line's, which calls the service, here.
    writeAudit(backend.ctx, {
      staffId: null,
      staffName: null,
      via: 'cli',
      action: 'exports.contacts',
      detail: auditDetail({ format }, result),
    });
    out(`Wrote ${result.rows} contact${result.rows === 1 ? '' : 's'} (${format}) to ${file}`);
  } catch (e) {
    if (e instanceof AppError) throw usageError(e.message);
    throw e;
  } finally {
    await backend.close();
  }
  return 0;
}
