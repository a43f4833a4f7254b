import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

interface Customer {
  id: string;
}

test('the owner backs up, sets a second folder, and restores a backup after a preview', async ({ page, shop }) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Võ Thị Sáu' });
  await shop.api('sales.record', { customerId: c.id, amount: 85_000 });
  await shop.open(page, '/backups');

  // The synced-folder warning sits next to the folder field; a folder inside the data folder is refused.
  await expect(page.getByTestId('synced-warning')).toContainText(shop.dataDir);
  await page.getByTestId('second-folder').fill(path.join(shop.dataDir, 'backups'));
  await page.getByTestId('second-folder-save').click();
  await expect(page.getByText('Pick a folder meant for backups only.')).toBeVisible();
  const usb = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-e2e-usb-'));
  await page.getByTestId('second-folder').fill(usb);
  await page.getByTestId('second-folder-save').click();
  await expect(page.getByText('The next backup is copied there too.')).toBeVisible();

  await page.getByTestId('backup-now').click();
  await expect(page.getByTestId('backup-done')).toBeVisible();
  const manual = page.locator('[data-testid="backup-row"][data-kind="manual"]');
  // One in the data folder, its copy in the second folder.
  await expect(manual).toHaveCount(2);
  expect(fs.readdirSync(usb).filter((n) => n.startsWith('manual-'))).toHaveLength(1);

  // Later work, which the restore takes back.
  await shop.api('customers.create', { fullName: 'Khách mới sau bản sao' });
  await manual.first().getByTestId('backup-restore').click();
  await expect(page.getByTestId('preview-customers')).toHaveText('1');
  await expect(page.getByTestId('preview-purchases')).toHaveText('1');
  await expect(page.getByTestId('restore-confirm')).toBeDisabled();
  await page.getByTestId('restore-sure').check();
  await page.getByTestId('restore-confirm').click();
  await expect(page.getByTestId('restore-done')).toBeVisible();
  await expect(page.locator('[data-testid="backup-row"][data-kind="pre-restore"]')).toHaveCount(2);

  const found = await shop.api<{ total: number }>('customers.search', { query: '' });
  expect(found.total).toBe(1);
  // The counter goes on against the restored file.
  await shop.api('sales.record', { customerId: c.id, amount: 20_000 });
  fs.rmSync(usb, { recursive: true, force: true });
});
