import fs from 'node:fs';
import { expect, test } from './fixtures';

interface Customer {
  id: string;
  code: string;
}
interface CustomerPage {
  customer: { fullName: string; birthday: string | null; phone: string | null };
}

test('customers come in from a file with errors: fix the mapping, choose for duplicates and bad fields, import, download the problems', async ({
  page,
  shop,
}, testInfo) => {
  const lan = await shop.api<Customer>('customers.create', { fullName: 'Trần Thị Lan', phone: '0901 234 567' });

  // Semicolons, a byte-order mark, CRLF, a name over two lines; "Khách" is not a header the app knows.
  const file = testInfo.outputPath('khach-hang.csv');
  fs.writeFileSync(
    file,
    '\uFEFFKhách;Điện thoại;Sinh ngày;Đồng ý\r\n' +
      'Trần Thị Lan;+84 901 234 567;05/06/1990;Có\r\n' +
      'Phạm Văn Hùng;0912 000 111;31/02/1985;Không\r\n' +
      '"Lê\r\nMinh";0933 222 333;1992-07-08;\r\n',
  );
  await shop.open(page, '/import-customers');
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('ci-file')).toContainText('3 rows');
  // No name column was recognised: previewing asks for one.
  await page.getByTestId('ci-preview').click();
  await expect(page.getByTestId('ci-error')).toContainText("customer's name");

  await page.getByTestId('ci-map-name').click();
  await page.getByRole('option', { name: 'Khách' }).click();
  await page.getByTestId('ci-map-birthday').click();
  await page.getByRole('option', { name: 'Sinh ngày' }).click();
  await page.getByTestId('ci-preview').click();
  await expect(page.getByTestId('ci-problems')).toContainText('Line 3, Sinh ngày: "31/02/1985" is not a possible birthday');
  await expect(page.getByTestId('ci-count-rejected')).toHaveText('1');
  await expect(page.getByTestId('ci-count-skip')).toHaveText('1');
  await expect(page.getByTestId('ci-duplicates')).toContainText('Trần Thị Lan (C000001), same phone');
  // The row after the two-line name starts on line 4.
  await expect(page.getByTestId('ci-row-4')).toContainText('Lê Minh');

  // Lan is updated rather than skipped; Hùng comes in without his impossible birthday.
  await page.getByTestId('ci-dup-2').click();
  await page.getByRole('option', { name: 'Update the customer' }).click();
  await expect(page.getByTestId('ci-count-update')).toHaveText('1');
  await page.getByTestId('ci-bad-blank').check();
  await expect(page.getByTestId('ci-count-rejected')).toHaveText('0');
  await expect(page.getByTestId('ci-count-flagged')).toHaveText('1');
  await expect(page.getByTestId('ci-count-create')).toHaveText('2');

  await page.getByTestId('ci-commit').click();
  await expect(page.getByTestId('ci-result')).toContainText('New: 2; updated: 1; skipped: 0; rejected rows: 0; fields left empty: 1.');
  const download = page.waitForEvent('download');
  await page.getByTestId('ci-download').click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv).toBe(
    '\uFEFF"line","column","outcome","problem"\r\n"3","Sinh ngày","field left empty","Line 3, Sinh ngày: ""31/02/1985"" is not a possible birthday"\r\n',
  );

  const updated = await shop.api<CustomerPage>('customers.get', { id: lan.id });
  expect(updated.customer).toMatchObject({ fullName: 'Trần Thị Lan', birthday: '1990-06-05' });
  const found = await shop.api<{ items: { fullName: string; code: string }[] }>('customers.search', { query: 'minh' });
  expect(found.items).toMatchObject([{ fullName: 'Lê Minh', code: 'C000003' }]);

  // The same file again: the mapping is remembered and every row is now a duplicate.
  await shop.open(page, '/import-customers');
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByTestId('ci-remembered')).toBeVisible();
  await expect(page.getByTestId('ci-count-skip')).toHaveText('3');
  await expect(page.getByTestId('ci-commit')).toBeDisabled();
});
