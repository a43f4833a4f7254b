/**
 * Which install a data folder is. The install id lives in the database (table installs, 0060),
 * so a copied file carries it: a backup restored on a second till would otherwise make two tills
 * with one id and one tag, whose codes and sync feeds collide. So at every open the current
 * install is checked against where it was first opened:
 *  - its `bound_to` (host name and real path of the data folder), and
 *  - the marker file `install-id` in the data folder, which names the install that folder holds.
 * The same host and folder, and a marker naming the install (or no marker: deleted, or the whole
 * folder put back from a backup), is the same install. Anything else (the file opened on another
 * computer, in another folder, or dropped into a folder whose marker names another install) is a
 * copy: it becomes a new install with a new id and the next tag after every install it knows,
 * and keeps the old one as a row it descends from. Its existing codes never change; only what it
 * creates from then on carries the new tag.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { runNow, type SyncDb } from './prepared';
import { PRIVATE_FILE_MODE } from './privateFiles';

export const INSTALL_MARKER = 'install-id';

export interface InstallIdentity {
  id: string;
  tag: number;
  /** The install this open made of a copied file, or null. */
  copiedFrom: string | null;
}

export function placeOf(dataDir: string): string {
  return `${os.hostname()}\n${fs.realpathSync(dataDir)}`;
}

function readMarker(dataDir: string): string | null {
  try {
    return fs.readFileSync(path.join(dataDir, INSTALL_MARKER), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Written beside and renamed over, so a crash leaves the old marker or the new one, never half. */
export function writeMarker(dataDir: string, id: string): void {
  const file = path.join(dataDir, INSTALL_MARKER);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, id + '\n', { mode: PRIVATE_FILE_MODE });
  fs.renameSync(tmp, file);
}

interface Row {
  key: number;
  id: string;
  tag: number;
  bound_to: string | null;
}

/** Checks (and on first open, records) which install this data folder's file is; see the module comment. */
export function bindInstall(k: SyncDb, dataDir: string, now: Date): InstallIdentity {
  const here = placeOf(dataDir);
  const marker = readMarker(dataDir);
  const decide = k.sqlite.transaction((): InstallIdentity & { writeMarker: boolean } => {
    const [cur] = runNow<Row>(k, k.db.selectFrom('installs').select(['key', 'id', 'tag', 'bound_to']).where('current', '=', 1));
    if (!cur) throw new Error('the installs table has no current install (migration 0060 makes one)');
    if (cur.bound_to === null) {
      runNow(k, k.db.updateTable('installs').set({ bound_to: here }).where('key', '=', cur.key));
      return { id: cur.id, tag: cur.tag, copiedFrom: null, writeMarker: true };
    }
    if (cur.bound_to === here && (marker === null || marker === cur.id)) {
      return { id: cur.id, tag: cur.tag, copiedFrom: null, writeMarker: marker === null };
    }
    const [top] = runNow<{ tag: number }>(
      k,
      k.db.selectFrom('installs').select((eb) => eb.fn.max<number>('tag').as('tag')),
    );
    const fresh = { id: uuidv7(), tag: Number(top?.tag ?? 0) + 1 };
    runNow(k, k.db.updateTable('installs').set({ current: 0 }).where('key', '=', cur.key));
    runNow(
      k,
      k.db.insertInto('installs').values({ id: fresh.id, tag: fresh.tag, created_at: now.toISOString(), current: 1, bound_to: here }),
    );
    return { ...fresh, copiedFrom: cur.id, writeMarker: true };
  });
  const { writeMarker: write, ...identity } = decide.immediate();
  if (write) writeMarker(dataDir, identity.id);
  return identity;
}
