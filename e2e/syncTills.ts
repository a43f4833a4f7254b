/**
 * The set-ups the sync specs share: a shared folder (removed after the test, pass or fail), a real
 * copy of the shop as a second till (from a backup, as a till is set up) synced by the real command
 * line, another till's feed file written into the folder, and Sync now pressed by keyboard.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { cli, expect, test as shopTest } from './fixtures';

/** Another till's install id, for feeds written by hand. */
export const OTHER_TILL = '01936b2e-0000-7000-8000-0000000000cc';

/**
 * A whole feed file as a till writes it (sync/feedFile.ts): a header line, then one JSON entry per
 * line. Written here from the format, not with the app's encoder, so a reader that drifted from the
 * format is caught.
 */
export function feedFile(install: string, seq: number, entries: unknown[]): Buffer {
  const body = Buffer.from(entries.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
  const sha256 = crypto.createHash('sha256').update(body).digest('hex');
  const header = { regularsFeed: 1, install, seq, entries: entries.length, bytes: body.length, sha256 };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]);
}

export interface Tills {
  /** The folder the tills sync through; empty at first. */
  shared: string;
  /** A copy of the shop made from its backup, as a second till is set up: the copy's data folder. */
  copyShop(name?: string): string;
  /** The real `regulars sync` of a till's data folder into the shared folder. */
  syncTill(dataDir: string): void;
  /** A feed file in the shared folder as till `install` writes it, or raw text (a damaged file). */
  writeFeed(install: string, entries: unknown[] | string, seq?: number): void;
  /** Sets the shared folder on the shop under test and opens its Sync page. */
  openSync(page: Page): Promise<void>;
  /** Presses Sync now from the keyboard once the page has read the folder setting. */
  syncNow(page: Page): Promise<void>;
}

export const test = shopTest.extend<{ tills: Tills }>({
  tills: async ({ shop }, use) => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-e2e-tills-'));
    const shared = path.join(work, 'shared');
    fs.mkdirSync(shared);
    await use({
      shared,
      copyShop(name = 'till2') {
        const dataDir = path.join(work, name);
        fs.mkdirSync(dataDir);
        const copied = /Backup written: (.+)/.exec(
          cli('backup', '--data-dir', shop.dataDir, '--to', path.join(work, `${name}-backup`)),
        )![1]!;
        fs.copyFileSync(copied, path.join(dataDir, 'regulars.sqlite'));
        return dataDir;
      },
      syncTill(dataDir) {
        cli('sync', '--data-dir', dataDir, '--folder', shared);
      },
      writeFeed(install, entries, seq = 1) {
        const dir = path.join(shared, 'regulars-sync', install);
        fs.mkdirSync(dir, { recursive: true });
        const name = `${String(seq).padStart(8, '0')}.feed`;
        fs.writeFileSync(path.join(dir, name), typeof entries === 'string' ? entries : feedFile(install, seq, entries));
      },
      async openSync(page) {
        await shop.api('sync.setFolder', { folder: shared });
        await shop.open(page, '/sync');
      },
      async syncNow(page) {
        const button = page.getByTestId('sync-now');
        // Disabled until the page has read the folder setting: a disabled button takes no focus.
        await expect(button).toBeEnabled();
        await button.focus();
        await expect(button).toBeFocused();
        await page.keyboard.press('Enter');
      },
    });
    fs.rmSync(work, { recursive: true, force: true });
  },
});

export { expect };
