/**
 * `regulars import-sales FILE`: the past-sales import from the command line. It calls the service
 * directly rather than through dispatch, so files larger than the HTTP body limit work too.
 * Per-row errors and progress go to stderr, the summary to stdout; a refused import exits 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  importMapping,
  importOptions,
  type DateFormat,
  type FormatSource,
  type ImportFormats,
  type ImportRequest,
  type ImportResult,
  type ImportRowError,
} from '../../shared/contract/imports';
import { AppError } from '../../shared/errors';
import { formatMoney } from '../../shared/money';
import { zodToApiError } from '../api/dispatch';
import { takeBackup } from '../services/backups';
import { auditDetail, writeAudit } from '../services/staff';
import { commitImport, previewImport } from '../services/importSales';
import { getSettings } from '../services/settings';
import { openSetUpShop } from './shopFolder';

export const IMPORT_SALES_HELP = `  import-sales FILE
            Import past purchases from a CSV. A header of receipt,customer,date,amount (customer =
            the customer's code; an empty customer is a walk-in) needs no mapping. Dates are read
            in the shop's time zone. The date order and decimal mark are read from the file where
            it shows them (13/06/2026, "1.234,50"), else the shop's usual ones; --date-format and
            --decimal-mark force them. Nothing is written while any row has an error; errors go to
            stderr with their line numbers and the exit code is 1. --dry-run checks and writes
            nothing. --create-customers adds the customers the file names that are not found; with
            customer codes and no name column they keep the file's code, are named by it and are
            flagged "details missing". Past purchases earn points only with --earn-points.
            [--map receipt=COL,customer=COL,date=COL,amount=COL,key=auto|code|externalCode|phone|email,
                   note=COL,name=COL,phone=COL,email=COL,external_code=COL]
            [--create-customers] [--earn-points] [--source NAME (default: the file name)] [--dry-run]
            [--skip-errors] [--date-format auto|iso|dmy|mdy] [--decimal-mark auto|.|,]
            [--delimiter ,|;|tab||]`;

const MAP_KEYS: Record<string, string> = {
  receipt: 'receipt',
  customer: 'customer',
  key: 'customerKey',
  customerkey: 'customerKey',
  date: 'date',
  amount: 'amount',
  note: 'note',
  items: 'note',
  name: 'name',
  phone: 'phone',
  email: 'email',
  external_code: 'externalCode',
  externalcode: 'externalCode',
};

export class ImportCliError extends Error {}

/**
 * The command line writes in chunks of ~25 ms; when the app signals that a call waits for the lock,
 * it leaves the lock free until the app committed, at most this long (the app's waiting calls
 * poll every few to 50 ms, db/busy.ts).
 */
const PAUSE_FOR_WAITING_MS = 60;

function parseMap(specs: string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of specs.flatMap((s) => s.split(','))) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const name = MAP_KEYS[part.slice(0, eq).trim().toLowerCase()];
    if (eq < 0 || !name)
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

const DATE_WORDS: Record<DateFormat, string> = { iso: 'year first', dmy: 'day first', mdy: 'month first' };
const HOW_WORDS: Record<FormatSource, string> = {
  chosen: 'as chosen',
  file: 'found in the file',
  shop: "the shop's usual; the file does not say",
};

function formatsLine(f: ImportFormats): string {
  return `Dates: ${DATE_WORDS[f.dateFormat.value]} (${HOW_WORDS[f.dateFormat.how]}); decimal mark: "${f.decimalMark.value}" (${HOW_WORDS[f.decimalMark.how]})`;
}

/** Every error, one a line; a huge file's list is cut at the first thousand. */
function printErrors(errors: ImportRowError[], total: number, err: (s: string) => void): void {
  for (const e of errors.slice(0, 1000)) err(e.message.replace(/\r?\n/g, '⏎'));
  if (total > 1000) err(`… and ${total - 1000} more errors`);
}

export async function importSalesCommand(
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
      'create-customers': { type: 'boolean' },
      'earn-points': { type: 'boolean' },
      source: { type: 'string' },
      map: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      'skip-errors': { type: 'boolean' },
      'date-format': { type: 'string' },
      'decimal-mark': { type: 'string' },
      delimiter: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new ImportCliError('import-sales needs exactly one FILE');
  const file = path.resolve(positionals[0]!);
  if (!fs.existsSync(file)) throw new ImportCliError(`No such file: ${file}`);
  const map = values.map ? parseMap(values.map) : null;
  const req: ImportRequest = {
    csv: fs.readFileSync(file, 'utf8'),
    fileName: path.basename(file),
    mapping: map ? parsed(importMapping, map, '--map') : null,
    options: parsed(
      importOptions,
      {
        sourceName: values.source,
        createCustomers: values['create-customers'] ?? false,
        earnPoints: values['earn-points'] ?? false,
        skipErrors: values['skip-errors'] ?? false,
        dateFormat: values['date-format'],
        decimalMark: values['decimal-mark'],
        delimiter: values.delimiter === 'tab' ? '\t' : values.delimiter,
        previewRows: 0,
      },
      'options',
    ),
  };

  const backend = await openSetUpShop(dataDirOf(values['data-dir']), 'import-sales', (m) => new ImportCliError(m));
  try {
    const settings = await getSettings(backend.ctx.db);
    const money = (minor: number): string => formatMoney(minor, settings.currency, settings.locale);
    const started = performance.now();
    if (values['dry-run']) {
      const preview = await previewImport(backend.ctx, req);
      printErrors(preview.errors, preview.errorCount, err);
      const c = preview.counts;
      const refused = c.errorRows > 0 && !req.options.skipErrors;
      out(`Dry run of ${preview.source}: nothing was written.`);
      out(formatsLine(preview.formats));
      out(
        `Rows: ${c.rows}; would import: ${c.valid} (walk-ins: ${c.walkIns}); already imported: ${c.alreadyImported}; with errors: ${c.errorRows}; customers to create: ${c.customersToCreate} (details missing: ${c.customersWithoutDetails})`,
      );
      out(
        `Total: ${money(c.totalAmount)}; points: ${c.points}${req.options.earnPoints ? '' : ' (past purchases earn no points; --earn-points to give them)'}`,
      );
      if (refused) err(`${c.errorRows} rows have errors: the import would be refused (fix them, or pass --skip-errors).`);
      return refused ? 1 : 0;
    }
    // An import writes many rows at once: a copy first, to go back to if it was the wrong file.
    out(`Backup before the import: ${(await takeBackup(backend.ctx, 'pre-import')).entry.name}`);
    let showProgress = false;
    let result: ImportResult;
    try {
      result = await commitImport(
        backend.ctx,
        req,
        (p) => {
          if (showProgress && p.phase === 'writing' && p.total > 0)
            err(`writing ${p.done}/${p.total} (${Math.floor((100 * p.done) / p.total)}%)`);
        },
        ({ counts, errors }) => {
          printErrors(errors, errors.length, err);
          showProgress = counts.valid >= 20_000;
        },
        { pauseForWaitingMs: PAUSE_FOR_WAITING_MS },
      );
    } catch (e) {
      if (e instanceof AppError && e.code === 'IMPORT_HAS_ERRORS') {
        err(
          `Nothing was imported: ${e.params?.errorRows} of ${e.params?.rows} rows have errors. Fix them, or pass --skip-errors to import the other rows.`,
        );
        return 1;
      }
      throw e;
    }
    const seconds = (performance.now() - started) / 1000;
    // The app's imports are logged by dispatch; the command line's, which call the service, here.
    writeAudit(backend.ctx, { staffId: null, staffName: null, via: 'cli', action: 'imports.commit', detail: auditDetail({}, result) });
    out(`Imported ${result.imported} purchases from ${result.source} in ${seconds.toFixed(1)} s.`);
    out(formatsLine(result.formats));
    out(
      `Already imported: ${result.skippedAlreadyImported}; walk-ins: ${result.walkIns}; skipped with errors: ${result.skippedErrors}; customers created: ${result.customersCreated} (details missing: ${result.customersWithoutDetails})`,
    );
    out(`Total: ${money(result.totalAmount)}; points earned: ${result.points}`);
    return 0;
  } catch (e) {
    if (e instanceof AppError && e.code !== 'SHOP_FILE_BUSY') throw new ImportCliError(e.message);
    throw e;
  } finally {
    await backend.close();
  }
}
