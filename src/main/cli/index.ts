/**
 * The command line over the same services the app uses: setup, browser mode, and (later)
 * imports and reports. Errors go to stderr with a non-zero exit code.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import fs from 'node:fs';
import { dispatch } from '../api/dispatch';
import { openBackend, warmAnalysis } from '../backend';
import { defaultDataDir } from '../paths';
import { createHttpServer, listen, newToken } from '../transport/http';
import { AppError, type ApiResult } from '../../shared/errors';
import { APP_BUSY_TIMEOUT_MS, isBusyError } from '../db/busy';
import { BACKUP_HELP, backupCommand } from './backup';
import { RFM_HELP, rfmCommand } from './rfm';
import { IMPORT_SALES_HELP, ImportCliError, importSalesCommand } from './importSales';
import { IMPORT_CUSTOMERS_HELP, importCustomersCommand } from './importCustomers';
import { EXPORT_CONTACTS_HELP, exportContactsCommand } from './exportContacts';
import { EXPORT_ALL_HELP, exportAllCommand } from './exportAll';
// backups (issue 17)
import { RESTORE_HELP, restoreCommand } from './restore';
import { RESET_OWNER_PIN_HELP, resetOwnerPinCommand } from './resetOwnerPin';
// sync (issue 18)
import { SYNC_HELP, syncCommand } from './sync';
import { HUB_HELP, hubCommand } from './hub';
import { lanMode, lanUrls } from './lan';

const HELP = `Regulars — command line

Usage: regulars <command> [options]        (from a checkout: npm run cli -- <command> [options])

Commands:
  init      First-run setup, non-interactive.
            --shop NAME --currency CODE --locale en|vi|zh-Hant --time-zone TZ
            [--country CC] (ISO code, default region of phone numbers; guessed from the time zone or currency)
            [--points-every AMOUNT_IN_MINOR_UNITS] [--points N]
  serve     Browser mode: the app on http://127.0.0.1 with a random token in the URL.
            [--port N] (default 4178; 0 picks a free port)
            [--lan] also on this computer's network addresses, for a tablet at the counter: needs the
                    owner's PIN set up; other devices must sign in with a PIN before anything else
                    (the owner's switch in Settings does the same, or serves loopback with a warning)
${IMPORT_SALES_HELP}
${IMPORT_CUSTOMERS_HELP}
${EXPORT_CONTACTS_HELP}
${EXPORT_ALL_HELP}
${RFM_HELP}
${BACKUP_HELP}
${RESTORE_HELP}
${RESET_OWNER_PIN_HELP}
${SYNC_HELP}
${HUB_HELP}
  help      This text.

Options for every command:
  --data-dir DIR   The shop's data folder (default: $REGULARS_DATA_DIR, else ${defaultDataDir()})

Exit codes: 0 done; 1 refused or failed (e.g. rows with errors); 2 a usage or input mistake;
  3 the shop file is busy (another program is writing to it): nothing was saved, try again.
`;

export class CliError extends Error {}

const NOT_BUILT = 'The renderer is not built: run `npm run build` first (npm run serve does it for you).';

/** Exit code when another program holds the shop file's write lock: worth retrying, not a usage mistake. */
export const EXIT_SHOP_FILE_BUSY = 3;
export const SHOP_FILE_BUSY_MESSAGE = 'the shop file is busy (another program is writing to it); nothing was saved, try again in a moment';

/** Whether a failure was the shop file's write lock (raw SQLITE_BUSY or dispatch's SHOP_FILE_BUSY). */
export function isShopFileBusy(e: unknown): boolean {
  return isBusyError(e) || (e instanceof AppError && e.code === 'SHOP_FILE_BUSY');
}

function dataDirOf(v: string | undefined): string {
  // An empty flag or variable means "not given", never the current folder.
  return path.resolve(v || process.env.REGULARS_DATA_DIR || defaultDataDir());
}

function unwrap<T>(r: ApiResult<T>): T {
  if (!r.ok) throw r.error.code === 'SHOP_FILE_BUSY' ? new AppError('SHOP_FILE_BUSY', r.error.message) : new CliError(r.error.message);
  return r.value;
}

/** The folder holding the built renderer (out/renderer), found from this file's place. */
function rendererDir(): string | undefined {
  const here = __dirname;
  for (const candidate of [
    path.resolve(here, '../../../out/renderer'),
    path.resolve(here, '../renderer'),
    path.resolve(process.cwd(), 'out/renderer'),
  ]) {
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(HELP);
    return 0;
  }
  switch (command) {
    case 'init': {
      const { values } = parseArgs({
        args: rest,
        options: {
          'data-dir': { type: 'string' },
          shop: { type: 'string' },
          currency: { type: 'string' },
          locale: { type: 'string' },
          'time-zone': { type: 'string' },
          country: { type: 'string' },
          'points-every': { type: 'string' },
          points: { type: 'string' },
        },
        strict: true,
      });
      const missing = ['shop', 'currency', 'locale', 'time-zone'].filter((k) => !values[k as keyof typeof values]);
      if (missing.length) throw new CliError(`init needs ${missing.map((m) => '--' + m).join(', ')}`);
      const dir = dataDirOf(values['data-dir']);
      const backend = await openBackend(dir);
      try {
        const current = unwrap(await dispatch(backend.ctx, 'settings.get', {})) as { pointsRule: { every: number; points: number } };
        const pointsRule = {
          every: values['points-every'] !== undefined ? Number(values['points-every']) : current.pointsRule.every,
          points: values.points !== undefined ? Number(values.points) : current.pointsRule.points,
        };
        const settings = unwrap(
          await dispatch(backend.ctx, 'settings.update', {
            shopName: values.shop,
            currency: values.currency,
            locale: values.locale,
            timeZone: values['time-zone'],
            country: values.country,
            pointsRule,
          }),
        );
        out(`Initialised ${path.join(dir)} for ${JSON.stringify(settings)}`);
      } finally {
        await backend.close();
      }
      return 0;
    }
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, lan: { type: 'boolean' } },
        strict: true,
      });
      const port = values.port !== undefined ? Number(values.port) : Number(process.env.REGULARS_PORT ?? 4178);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0–65535, got ${values.port}`);
      const dir = dataDirOf(values['data-dir']);
      const staticDir = rendererDir();
      const backend = await openBackend(dir, { busyTimeoutMs: APP_BUSY_TIMEOUT_MS, dailyBackups: true, walAhead: true });
      // The shop's own refusal first: a missing owner PIN is what the person must fix, whatever else is missing.
      const { lan, refusal, warning } = await lanMode(backend.ctx, values.lan === true);
      if (refusal || !staticDir) {
        await backend.close();
        throw new CliError(refusal ?? NOT_BUILT);
      }
      if (warning) out(warning);
      const token = process.env.REGULARS_TOKEN || newToken();
      const server = createHttpServer({ ctx: backend.ctx, token, staticDir, lan });
      warmAnalysis(backend.ctx);
      const base = await listen(server, port, lan ? '0.0.0.0' : '127.0.0.1');
      out(`Regulars data: ${dir}`);
      out(`Regulars is ready at ${base}/#token=${token}`);
      if (lan) {
        const urls = lanUrls(Number(new URL(base).port), token);
        if (urls.length === 0) out('LAN access is on, but this computer has no network address yet: connect it, then use its address.');
        for (const u of urls) out(`On the shop's network (a tablet signs in with a staff PIN): ${u}`);
      }
      const stop = (): void => {
        server.close();
        void backend.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return new Promise<number>(() => undefined);
    }
    case 'import-sales':
    case 'import-customers': {
      try {
        return await (command === 'import-sales' ? importSalesCommand : importCustomersCommand)(rest, out, dataDirOf);
      } catch (e) {
        if (isShopFileBusy(e)) throw e;
        // Argument and validation mistakes exit like the other commands' (code 2).
        if (
          e instanceof ImportCliError ||
          (e instanceof Error && e.name === 'TypeError' && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))
        ) {
          throw new CliError(e.message);
        }
        throw e;
      }
    }
    case 'rfm':
      return rfmCommand(rest, out, dataDirOf, (message) => new CliError(message));
    case 'export-contacts':
      return exportContactsCommand(rest, out, dataDirOf, (message) => new CliError(message));
    case 'export-all':
      return exportAllCommand(rest, out, dataDirOf, (message) => new CliError(message));
    case 'backup':
      return backupCommand(rest, out, dataDirOf, (message) => new CliError(message));
    // backups (issue 17)
    case 'restore':
      try {
        return await restoreCommand(rest, out, dataDirOf, (message) => new CliError(message));
      } catch (e) {
        // Refused checks (damaged, newer version) are the file's fault: exit 2 like other input mistakes.
        if (e instanceof AppError) throw new CliError(e.message);
        throw e;
      }
    case 'reset-owner-pin':
      return resetOwnerPinCommand(rest, out, dataDirOf, (message) => new CliError(message));
    case 'sync':
      return syncCommand(rest, out, dataDirOf, (message) => new CliError(message));
    case 'hub':
      return hubCommand(rest, out, dataDirOf, (message) => new CliError(message));
    default:
      throw new CliError(`Unknown command "${command}". Run with --help to see the commands.`);
  }
}
