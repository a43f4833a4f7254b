/**
 * A copy of this till in use on another computer (issue 18): the shared folder holds a feed under
 * this till's own identity that this till did not write. Sync now stops before anything is mixed in,
 * says so, and "Take a new identity" makes this a till of its own; the next sync goes through.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SyncStatus } from '../src/shared/contract/sync';
import { expect, test } from './fixtures';

/** A whole feed file as a till writes it (sync/feedFile.ts): a header line, then one JSON entry per line. */
function feedFile(install: string, seq: number, entries: unknown[]): Buffer {
  const body = Buffer.from(entries.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
  const sha256 = crypto.createHash('sha256').update(body).digest('hex');
  const header = { regularsFeed: 1, install, seq, entries: entries.length, bytes: body.length, sha256 };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]);
}

test('a copy of this till writing in the folder is named, and this till takes a new identity', async ({ page, shop }) => {
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-e2e-identity-'));
  const before = (await shop.api('sync.status', {})) as SyncStatus;
  const dir = path.join(shared, 'regulars-sync', before.install);
  fs.mkdirSync(dir, { recursive: true });
  // The copy's first feed: its log ends at an entry this till never made.
  fs.writeFileSync(
    path.join(dir, '00000001.feed'),
    feedFile(before.install, 1, [
      { t: 'installs', list: [{ id: before.install, tag: before.tag }] },
      { t: 'marks', change_seq: 1, sale_key: 0, ledger_key: 0, hlc: 1024, clock: Date.now() },
    ]),
  );
  await shop.api('customers.create', { fullName: 'Trần Thị Hoa' });
  await shop.api('sync.setFolder', { folder: shared });
  await shop.open(page, '/sync');
  await page.getByTestId('sync-now').click();
  const alert = page.getByTestId('sync-identity');
  await expect(alert).toContainText('Another computer is using a copy of this till');
  await expect(page.getByTestId('sync-failed')).toBeVisible();
  await page.getByTestId('sync-new-identity').click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByText(`This is till ${before.tag + 1}`)).toBeVisible();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-result')).toContainText('Last sync:');
  await expect(page.getByTestId('sync-failed')).toHaveCount(0);
  const after = (await shop.api('sync.status', {})) as SyncStatus;
  expect(after.install).not.toBe(before.install);
  expect(fs.readdirSync(path.join(shared, 'regulars-sync', after.install)).length).toBeGreaterThan(0);
  fs.rmSync(shared, { recursive: true, force: true });
});
