/**
 * `regulars export-all`: the whole shop as files for leaving the app (services/privacy/exportAll.ts),
 * a CSV per table and one JSON, into a new private folder. It calls the service directly, as
 * export-contacts does: the files are written where the command runs, never sent over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBackend } from '../backend';
import { defaultExportFolder, exportShop } from '../services/privacy';

export const EXPORT_ALL_HELP = `  export-all
            Every table of the shop as a CSV file, plus shop.json with everything: for leaving the app.
            [--to DIR] a new or empty folder (default: the data folder's exports/shop-export-<time>)`;

export async function exportAllCommand(
  args: string[],
  out: (s: string) => void,
  dataDirOf: (v: string | undefined) => string,
  usageError: (message: string) => Error,
): Promise<number> {
  let values: { 'data-dir'?: string; to?: string };
  try {
    ({ values } = parseArgs({ args, options: { 'data-dir': { type: 'string' }, to: { type: 'string' } }, strict: true }));
  } catch (e) {
    throw usageError(e instanceof Error ? e.message : String(e));
  }
  const to = values.to ? path.resolve(values.to) : null;
  if (to && fs.existsSync(to) && (!fs.statSync(to).isDirectory() || fs.readdirSync(to).length > 0)) {
    throw usageError(`${to} is not an empty folder: choose a new one, so no earlier file is overwritten.`);
  }
  const backend = await openBackend(path.resolve(dataDirOf(values['data-dir'])));
  try {
    const result = await exportShop(backend.ctx, to ?? defaultExportFolder(backend.ctx));
    const rows = result.files.filter((f) => f.name !== 'shop.json').reduce((n, f) => n + f.rows, 0);
    out(`Wrote ${result.files.length} files (${rows} rows) to ${result.folder}`);
  } finally {
    await backend.close();
  }
  return 0;
}
