/**
 * `regulars import-customers FILE`: the customer import from the command line, calling the service
 * directly (files larger than the HTTP body limit work too). Problems go to stderr with their line
 * numbers, the summary to stdout; `--json` prints only the summary as one JSON object.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  CUSTOMER_IMPORT_FIELDS,
  customerImportMapping,
  customerImportOptions,
  type CustomerImportField,
  type CustomerImportFile,
  type CustomerImportListed,
  type CustomerImportRequest,
} from '../../shared/contract/customerImport';
import { AppError } from '../../shared/errors';
import { zodToApiError } from '../api/dispatch';
import { takeBackup } from '../services/backups';
import { auditDetail, writeAudit } from '../services/staff';
import { commitCustomerImport, dryRunCustomerImport } from '../services/importCustomers';
import { readTable } from '../services/importCustomers/file';
import { ImportCliError } from './importSales';
import { openSetUpShop } from './shopFolder';

/** How long a chunk of the import leaves the lock to a waiting call of the app at most (services/importRuns.ts giveWay). */
const PAUSE_FOR_WAITING_MS = 60;
export const IMPORT_CUSTOMERS_HELP = `  import-customers FILE
            Import customers from a CSV (any delimiter, with or without BOM) or an .xlsx file (its
            first sheet). Columns are matched by their header (English, Vietnamese or Chinese
            names), or by the mapping last used for a file with the same header, or by --map.
            Duplicates (same old code, phone or email as a customer of the shop or an earlier row)
            are skipped, update that customer, or are created anyway (--on-duplicate, default
            skip). A field that cannot be read (an impossible date, a broken email) rejects its
            row, or with --bad-fields blank is left empty and flagged. Everything is written in
            one transaction; --dry-run writes nothing. Problems go to stderr with their line
            numbers; --json prints only {"created","updated","skipped","rejected","flagged"}.
            Exit code 1 when rows were rejected.
            [--map name=COL,phone=COL,email=COL,birthday=COL,gender=COL,area=COL,address=COL,
                   tags=COL,notes=COL,consent=COL,consent_date=COL,external_code=COL]
            [--on-duplicate skip|update|create] [--bad-fields reject|blank]
            [--date-format auto|dmy|mdy] [--delimiter ,|;|tab||] [--dry-run] [--json]`;

const MAP_KEYS: Record<string, CustomerImportField> = Object.fromEntries([
  ...CUSTOMER_IMPORT_FIELDS.map((f) => [f.toLowerCase(), f] as const),
  ['consent_date', 'consentDate'],
  ['external_code', 'externalCode'],
  ['code', 'externalCode'],
]);

function parseMap(specs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of specs.flatMap((s) => s.split(','))) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? undefined : MAP_KEYS[part.slice(0, eq).trim().toLowerCase()];
    if (!name)
      throw new ImportCliError(`--map takes FIELD=COLUMN pairs with FIELD one of ${Object.keys(MAP_KEYS).join(', ')}; got "${part}"`);
    map[name] = part.slice(eq + 1).trim();
  }
  return map;
}

function parsed<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ImportCliError(`${what}: ${zodToApiError(r.error).message}`);
  return r.data;
}

const brief = (l: CustomerImportListed) => ({ line: l.line, field: l.field, code: l.code });

export async function importCustomersCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
): Promise<number> {
  const err = (s: string): void => void process.stderr.write(s + '\n');
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      map: { type: 'string', multiple: true },
      'on-duplicate': { type: 'string' },
      'bad-fields': { type: 'string' },
      'date-format': { type: 'string' },
      delimiter: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) throw new ImportCliError('import-customers needs exactly one FILE');
  const fileArg = path.resolve(positionals[0]!);
  if (!fs.existsSync(fileArg)) throw new ImportCliError(`No such file: ${fileArg}`);
  const bytes = fs.readFileSync(fileArg);
  // An .xlsx is a zip (PK…), whatever its name says.
  const isXlsx = bytes.subarray(0, 2).toString('latin1') === 'PK';
  const delimiter = values.delimiter === 'tab' ? '\t' : (values.delimiter ?? null);
  if (delimiter !== null && ![',', ';', '\t', '|'].includes(delimiter)) throw new ImportCliError('--delimiter must be , ; tab or |');
  const file: CustomerImportFile = isXlsx
    ? { kind: 'xlsx', base64: bytes.toString('base64') }
    : { kind: 'csv', text: bytes.toString('utf8'), delimiter: delimiter as ',' | null };
  const map = values.map ? parseMap(values.map) : null;
  const req: CustomerImportRequest = {
    file,
    fileName: path.basename(fileArg),
    mapping: map ? parsed(customerImportMapping, map, '--map') : null,
    options: parsed(
      customerImportOptions,
      {
        onDuplicate: values['on-duplicate'],
        badFields: values['bad-fields'],
        dateFormat: values['date-format'],
        previewRows: 0,
      },
      'options',
    ),
  };

  const backend = await openSetUpShop(dataDirOf(values['data-dir']), 'import-customers', (m) => new ImportCliError(m));
  try {
    const table = await readTable(req.file);
    // An import changes many customers at once: a copy first, to go back to if it was the wrong file.
    if (!values['dry-run']) process.stderr.write(`Backup before the import: ${(await takeBackup(backend.ctx, 'pre-import')).entry.name}\n`);
    const started = performance.now();
    const summary = values['dry-run']
      ? await dryRunCustomerImport(backend.ctx, req, table)
      : // Chunks leave the lock to the app's waiting calls (the counter sells meanwhile), as the sales import does.
        await commitCustomerImport(backend.ctx, req, () => undefined, table, { pauseForWaitingMs: PAUSE_FOR_WAITING_MS });
    const seconds = (performance.now() - started) / 1000;
    // The app's imports are logged by dispatch; the command line's, which call the service, here.
    if (!values['dry-run'])
      writeAudit(backend.ctx, {
        staffId: null,
        staffName: null,
        via: 'cli',
        action: 'customerImport.commit',
        detail: auditDetail({}, summary),
      });
    if (values.json) {
      out(
        JSON.stringify({
          created: summary.created,
          updated: summary.updated,
          skipped: summary.skipped,
          rejected: summary.rejected.map(brief),
          flagged: summary.flagged.map(brief),
        }),
      );
    } else {
      for (const l of summary.rejected) err(`rejected: ${l.message.replace(/\r?\n/g, '⏎')}`);
      for (const l of summary.flagged) err(`left empty: ${l.message.replace(/\r?\n/g, '⏎')}`);
      const rejectedRows = new Set(summary.rejected.map((l) => l.line)).size;
      const counts = `created: ${summary.created}; updated: ${summary.updated}; skipped (duplicates): ${summary.skipped}; rejected rows: ${rejectedRows}; fields left empty: ${summary.flagged.length}`;
      out(
        values['dry-run']
          ? `Dry run, nothing was written. It would have ${counts}.`
          : `Imported customers from ${summary.source.replace(/^import: /, '')} in ${seconds.toFixed(1)} s: ${counts}.`,
      );
    }
    return summary.rejected.length > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof AppError && e.code !== 'SHOP_FILE_BUSY') throw new ImportCliError(e.message);
    throw e;
  } finally {
    await backend.close();
  }
}
