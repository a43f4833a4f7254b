/**
 * The commands that read a file into the shop open only a shop that exists and has been set up.
 * Opening any folder creates a shop in it, so a mistyped --data-dir would import into a new, empty
 * shop; and a folder never set up reads phones, amounts and dates by placeholder defaults (country,
 * currency, time zone) that may not be the shop's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openBackend, type Backend } from '../backend';
import { DB_FILE_NAME } from '../db/open';
import { getSettings } from '../services/settings';

export async function openSetUpShop(dir: string, command: string, fail: (message: string) => Error): Promise<Backend> {
  const init = `npm run cli -- init --data-dir ${JSON.stringify(dir)} --shop NAME --currency CODE --locale en|vi|zh-Hant --time-zone ZONE --country CC`;
  if (!fs.existsSync(path.join(dir, DB_FILE_NAME)))
    throw fail(
      `There is no shop in ${dir}: ${command} writes into an existing shop. Check --data-dir, or set a new shop up first: ${init}`,
    );
  const backend = await openBackend(dir);
  try {
    if (!(await getSettings(backend.ctx.db)).setupDone)
      throw fail(
        `The shop in ${dir} has not been set up yet: its country, currency and time zone decide how ${command} reads phones, amounts and dates. Open the app once, or run: ${init}`,
      );
  } catch (e) {
    await backend.close();
    throw e;
  }
  return backend;
}
