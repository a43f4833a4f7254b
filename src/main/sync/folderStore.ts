/**
 * Feeds through a folder: a USB stick, a synced folder (Dropbox, OneDrive) or a network share.
 * `<folder>/regulars-sync/<install id>/<seq, 8 digits>.feed`. A file appears whole or not at all
 * (written under a temporary name, flushed, then renamed), and is never changed afterwards. A synced
 * folder may still show a file half-copied from another computer: the checks refuse it and the next
 * sync takes it once it is whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { INSTALL_ID, takeInOrder, type Feed, type FeedStore, type FetchBound, type Fetched } from './feedFile';

const FEED_FILE = /^(\d{8})\.feed$/;
export const SYNC_DIR = 'regulars-sync';

const feedName = (seq: number): string => `${String(seq).padStart(8, '0')}.feed`;

/** The live database must never be in the folder other computers copy from (a synced copy of a live SQLite file is a broken one). */
export function checkSyncFolder(folder: string, dataDir: string): string | null {
  const f = path.resolve(folder);
  const d = path.resolve(dataDir);
  const inside = (a: string, b: string): boolean => a === b || a.startsWith(b + path.sep);
  if (inside(f, d)) return `The sync folder ${f} is inside the shop's data folder ${d}: choose a folder outside it.`;
  if (inside(d, f))
    return `The shop's data folder ${d} is inside the sync folder ${f}: the live database must never be in a synced folder.`;
  return null;
}

function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems (network shares, FAT on Windows) cannot sync a folder; the rename stands.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

export class FolderStore implements FeedStore {
  readonly root: string;
  constructor(folder: string) {
    this.root = path.join(folder, SYNC_DIR);
  }

  async publish(feed: Feed): Promise<void> {
    const dir = path.join(this.root, feed.header.install);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, feedName(feed.header.seq));
    if (fs.existsSync(file)) {
      // Published before (a sync that stopped before it noted so): the same file is fine, another is two installs with one id.
      if (fs.readFileSync(file).equals(feed.file)) return;
      throw new Error(`${file} already holds a different feed: two installs are using the same install id`);
    }
    const tmp = path.join(dir, `.${feedName(feed.header.seq)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeSync(fd, feed.file);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.linkSync(tmp, file); // fails if another writer got there first: never overwrites
      fs.rmSync(tmp, { force: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
        fs.renameSync(tmp, file); // file systems without hard links (FAT on a USB stick), after the check above
      } else {
        fs.rmSync(tmp, { force: true });
        if (code === 'EEXIST') return this.publish(feed);
        throw e;
      }
    }
    fsyncDir(dir);
  }

  /** The feed files in an install's folder, not read: a file is read only when taken. */
  private files(install: string): { seq: number; read: () => Buffer }[] {
    const dir = path.join(this.root, install);
    return fs.readdirSync(dir).flatMap((name) => {
      const m = FEED_FILE.exec(name);
      return m ? [{ seq: Number(m[1]), read: () => fs.readFileSync(path.join(dir, name)) }] : [];
    });
  }

  private installs(self: string): string[] {
    if (!fs.existsSync(this.root)) return [];
    return fs
      .readdirSync(this.root)
      .sort()
      .filter((install) => install !== self && INSTALL_ID.test(install));
  }

  async fetch(self: string, after: ReadonlyMap<string, number>, only?: FetchBound): Promise<Fetched> {
    const out: Fetched = { feeds: [], problems: [], waiting: [] };
    for (const install of this.installs(self)) {
      if (only && install !== only.install) continue;
      takeInOrder(install, after.get(install) ?? 0, this.files(install), out, only?.limit);
    }
    return out;
  }

  async readOwn(install: string, after: number, limit: number): Promise<Fetched> {
    const out: Fetched = { feeds: [], problems: [], waiting: [] };
    if (fs.existsSync(path.join(this.root, install))) takeInOrder(install, after, this.files(install), out, limit);
    return out;
  }

  async pending(self: string, after: ReadonlyMap<string, number>): Promise<string[]> {
    return this.installs(self).filter((install) => this.files(install).some((f) => f.seq > (after.get(install) ?? 0)));
  }
}
