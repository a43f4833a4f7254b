/**
 * Sync now (issue 18) at 1024×700, by keyboard: a folder inside the data folder is refused under the
 * field; a shared folder is saved; Sync now sends this till's customer and says in words that another
 * till's damaged file was refused and nothing of it applied.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './syncTills';

test.use({ viewport: { width: 1024, height: 700 } });

test('the owner sets the shared folder and presses Sync now with the keyboard', async ({ page, shop, tills }) => {
  await shop.api('customers.create', { fullName: 'Phạm Minh Châu' });
  const { shared } = tills;
  // Another till's first file, cut short (still being copied from its computer).
  tills.writeFeed('01936b2e-0000-7000-8000-0000000000bb', '{"regularsFeed":1');
  await shop.open(page, '/sync');
  await expect(page.getByText('This till has not synced yet.')).toBeVisible();
  await expect(page.getByTestId('sync-now')).toBeDisabled();

  // A path is pasted, not typed (typed this fast, with Enter, it would read as a card swipe).
  const field = page.getByTestId('sync-folder');
  await field.focus();
  await field.fill(path.join(shop.dataDir, 'sync'));
  await page.keyboard.press('Enter');
  await expect(page.getByText('That folder is the shop’s data folder, inside it, or holds it')).toBeVisible();

  await field.fill(shared);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sync-folder-saved')).toBeVisible();

  const button = page.getByTestId('sync-now');
  await expect(button).toBeEnabled();
  await expect(button).toBeInViewport();
  // From the folder field, one step back is Sync now.
  await field.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  // A till's first feed carries the shop-wide settings too (the setup's eight).
  await expect(page.getByTestId('sync-sent')).toHaveText('Sent to the other tills: 1 customer, 8 shop settings.');
  await expect(page.getByTestId('sync-refused')).toContainText('number 1) was refused');
  await expect(page.getByTestId('sync-refused')).toContainText('Nothing in it was applied');
  await expect(page.getByTestId('sync-result')).toContainText('Last sync:');
  expect(fs.readdirSync(path.join(shared, 'regulars-sync')).length).toBe(2);
});
