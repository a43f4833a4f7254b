import fs from 'node:fs';
import { expect, test } from './fixtures';

interface Customer {
  id: string;
  code: string;
}

test('past sales come in from a CSV: problems by line, nothing saved until accepted, re-import changes nothing', async ({ page, shop }, testInfo) => {
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
