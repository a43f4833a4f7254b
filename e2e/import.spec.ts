import fs from 'node:fs';
import { expect, test } from './fixtures';

interface Customer {
  id: string;
  code: string;
}

test('past sales come in from a CSV: problems by line, nothing saved until accepted, re-import changes nothing', async ({
  page,
  shop,
}, testInfo) => {
  const an = await shop.api<Customer>('customers.create', { fullName: 'Nguyễn Văn An' });
  const bich = await shop.api<Customer>('customers.create', { fullName: 'Lê Thị Bích' });

  const messy = testInfo.outputPath('old-pos.csv');
  fs.writeFileSync(
    messy,
    '\uFEFFreceipt,customer,date,amount\r\n' +
      `R-1001,${an.code},2026-03-01 09:15,125000\r\n` +
      `R-1002,${bich.code},2026-03-02 18:40,-50000\r\n` +
      `R-1003,C999999,2026-03-03 10:00,80000\r\n` +
      `R-1004,${an.code},2026-04-10,64000\r\n`,
  );
  await shop.open(page, '/import');
  await page.locator('input[type=file]').setInputFiles(messy);
  await expect(page.getByTestId('import-file')).toContainText('4 rows');
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-errors')).toHaveText('2');
  await expect(page.getByTestId('import-error-list')).toContainText('Line 3, amount');
  await expect(page.getByTestId('import-error-list')).toContainText('Line 4, customer');
  await expect(page.getByTestId('import-commit')).toBeDisabled();
  // Nothing was written by the preview.
  expect((await shop.api<{ sales: unknown[] }>('customers.get', { id: an.id })).sales).toHaveLength(0);

  // The owner fixes the file and imports it.
  const fixed = testInfo.outputPath('old-pos-fixed.csv');
  fs.writeFileSync(
    fixed,
    'receipt,customer,date,amount\n' +
      `R-1001,${an.code},2026-03-01 09:15,125000\n` +
      `R-1002,${bich.code},2026-03-02 18:40,50000\n` +
      `R-1004,${an.code},2026-04-10,64000\n`,
  );
  await page.locator('input[type=file]').setInputFiles(fixed);
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-valid')).toHaveText('3');
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-result')).toContainText('3 purchases imported');

  await shop.open(page, `/customers/${an.id}`);
  await expect(page.getByTestId('sale-row')).toHaveCount(2);
  await expect(page.getByTestId('stat-total')).toContainText('189,000');

  // The same file again: everything is already there.
  await shop.open(page, '/import');
  await page.locator('input[type=file]').setInputFiles(fixed);
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-already')).toHaveText('3');
  await expect(page.getByTestId('import-commit')).toBeDisabled();
});

test('a Vietnamese till export reads as it is: day-first dates, dot-grouped amounts, bare customer numbers and walk-ins', async ({
  page,
  shop,
}, testInfo) => {
  const file = testInfo.outputPath('pos-export.csv');
  fs.writeFileSync(
    file,
    'receipt,customer,date,amount\n' +
      'HD1,1042,13/06/2026 09:30,125.000\n' +
      'HD2,1042,14/06/2026,1.250.000\n' +
      'HD3,,15/06/2026 18:05,45.000\n',
  );
  await shop.open(page, '/import');
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByTestId('import-create-customers').check();
  await page.getByTestId('import-preview').click();
  // The screen says how it read the file, and nothing had to be changed by hand.
  await expect(page.getByTestId('import-formats')).toContainText('31/12/2025 (day first) — found in the file');
  await expect(page.getByTestId('import-formats')).toContainText('Comma (12,50) — found in the file');
  await expect(page.getByTestId('import-errors')).toHaveText('0');
  await expect(page.getByTestId('import-walk-ins')).toHaveText('1');
  await expect(page.getByTestId('import-create')).toHaveText('1');
  await expect(page.getByTestId('import-without-details')).toContainText('1 new customer has only a code');
  await expect(page.getByTestId('import-earn-points')).not.toBeChecked();
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-result')).toContainText('3 purchases imported');
  await expect(page.getByTestId('import-result')).toContainText(
    '1 walk-in purchases, 1 customers with details to complete, 0 points given',
  );

  // The customer keeps the till's number and asks to be completed.
  const found = await shop.api<{ items: { id: string; code: string }[] }>('customers.search', { query: '1042' });
  expect(found.items.map((c) => c.code)).toEqual(['1042']);
  await shop.open(page, `/customers/${found.items[0]!.id}`);
  await expect(page.getByTestId('customer-name')).toHaveText('Customer 1042');
  await expect(page.getByTestId('details-missing')).toBeVisible();
  await expect(page.getByTestId('stat-total')).toContainText('1,375,000');
  await expect(page.getByTestId('stat-points')).toHaveText('0');
  await page.getByTestId('complete-details').click();
  await page.getByTestId('cf-name').fill('Phạm Thị Thu');
  await page.getByTestId('cf-save').click();
  await expect(page.getByTestId('customer-name')).toHaveText('Phạm Thị Thu');
  await expect(page.getByTestId('details-missing')).toHaveCount(0);
});
