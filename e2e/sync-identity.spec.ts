/**
 * A copy of this till in use on another computer (issue 18): the shared folder holds a feed under
 * this till's own identity that this till did not write. Sync now stops before anything is mixed in,
 * says so, and "Take a new identity" makes this a till of its own; the next sync goes through.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SyncStatus } from '../src/shared/contract/sync';
import { expect, test } from './syncTills';

test('a copy of this till writing in the folder is named, and this till takes a new identity', async ({ page, shop, tills }) => {
  const before = (await shop.api('sync.status', {})) as SyncStatus;
  // The copy's first feed: its log ends at an entry this till never made.
  tills.writeFeed(before.install, [
    { t: 'installs', list: [{ id: before.install, tag: before.tag }] },
    { t: 'marks', change_seq: 1, sale_key: 0, ledger_key: 0, hlc: 1024, clock: Date.now() },
  ]);
  await shop.api('customers.create', { fullName: 'Trần Thị Hoa' });
  await tills.openSync(page);
  await tills.syncNow(page);
  const alert = page.getByTestId('sync-identity');
  await expect(alert).toContainText('Another computer is using a copy of this till');
  await expect(page.getByTestId('sync-failed')).toBeVisible();
  await page.getByTestId('sync-new-identity').click();
  await expect(alert).toHaveCount(0);
  await expect(page.getByText(`This is till ${before.tag + 1}`)).toBeVisible();
  await tills.syncNow(page);
  await expect(page.getByTestId('sync-result')).toContainText('Last sync:');
  await expect(page.getByTestId('sync-failed')).toHaveCount(0);
  const after = (await shop.api('sync.status', {})) as SyncStatus;
  expect(after.install).not.toBe(before.install);
  expect(fs.readdirSync(path.join(tills.shared, 'regulars-sync', after.install)).length).toBeGreaterThan(0);
});
