/**
 * Issue 16: a sale at the counter, its receipt printed to a real PDF (80 mm roll and A4, text read
 * back with pdftotext), a satisfaction rating given with the keyboard, and both on the customer page.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Customer {
  id: string;
}

async function printed(page: Page, file: string): Promise<{ text: string; widthPt: number; heightPt: number; pages: number }> {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  return {
    text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }),
    widthPt: Number(size[1]),
    heightPt: Number(size[2]),
    pages: Number(/Pages:\s+(\d+)/.exec(info)![1]),
  };
}

const MM = 72 / 25.4;

test('a sale prints its receipt in the shop language, 80 mm and A4, and the rating shows on the customer page', async ({
  page,
  shop,
}, testInfo) => {
  // The shop writes Vietnamese; the person at the till reads the app in English.
  const settings = await shop.api<Record<string, unknown>>('settings.get', {});
  await shop.api('settings.update', { ...settings, locale: 'vi' });
  await shop.api('receipts.setLayout', { address: '12 Lê Lợi, Quận 1', footer: 'Hẹn gặp lại quý khách' });
  const c = await shop.api<Customer>('customers.create', { fullName: 'Nguyễn Thị Ánh' });
  await page.addInitScript({ content: "localStorage.setItem('regulars.language', 'en')" });

  await shop.open(page, `/customers/${c.id}`);
  await page.getByTestId('to-counter').click();
  await page.getByTestId('sale-amount').fill('250.000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('+25');
  // The rating is offered but takes nothing from the next sale: the search keeps the focus.
  await expect(page.getByTestId('feedback-prompt')).toBeVisible();
  await expect(page.getByTestId('counter-search')).toBeFocused();

  // Keyboard only: reach the rating, press 2, type a note, Enter.
  await page.getByTestId('rate-1').focus();
  await page.keyboard.press('2');
  await expect(page.getByTestId('rate-2')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('feedback-note')).toBeFocused();
  // Filled, not typed: keys this fast followed by Enter read as a card reader's scan.
  await page.getByTestId('feedback-note').fill('Cà phê hơi nguội');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('feedback-saved')).toContainText('2 of 5');

  await page.getByTestId('print-receipt').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-sheet').first()).toBeVisible();
  await expect(page.getByTestId('receipt-print')).toBeFocused();

  const roll = await printed(page, testInfo.outputPath('receipt-80mm.pdf'));
  expect(roll.pages).toBe(1);
  expect(Math.abs(roll.widthPt - 80 * MM)).toBeLessThan(1);
  // As long as the slip, not a whole sheet.
  expect(roll.heightPt).toBeLessThan(200 * MM);
  expect(roll.text).toContain('Cà Phê Góc Phố');
  expect(roll.text).toContain('12 Lê Lợi, Quận 1');
  expect(roll.text).toContain('250.000');
  expect(roll.text).toMatch(/Điểm được cộng\s+\+25/);
  expect(roll.text).toMatch(/Điểm hiện có\s+25/);
  expect(roll.text).toContain('Nguyễn Thị Ánh');
  expect(roll.text).toContain('Hẹn gặp lại quý khách');
  expect(roll.text).not.toContain('Import sales');
  expect(roll.text).not.toContain('Print');

  await page.getByTestId('receipt-paper').getByText('A4').click();
  const sheet = await printed(page, testInfo.outputPath('receipt-a4.pdf'));
  expect(Math.abs(sheet.widthPt - 210 * MM)).toBeLessThan(1);
  expect(Math.abs(sheet.heightPt - 297 * MM)).toBeLessThan(1);
  expect(sheet.text).toContain('Cà Phê Góc Phố');
  expect(sheet.text).toContain('250.000');

  // Back to the counter with Esc; then the customer page shows the rating and opens the receipt too.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sale-amount')).toBeVisible();
  await shop.open(page, `/customers/${c.id}`);
  await expect(page.getByTestId('feedback-average')).toContainText('2 / 5');
  await expect(page.getByTestId('feedback-item')).toContainText('Cà phê hơi nguội');
  await page.getByTestId('sale-receipt').click();
  await expect(page.getByTestId('receipt-total').first()).toContainText('250.000');
});

test('a walk-in sale offers the receipt but no rating; the dashboard shows the period satisfaction', async ({ page, shop }) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Trần Quốc Bảo' });
  const sale = await shop.api<{ sale: { id: string } }>('sales.record', { customerId: c.id, amount: 100_000 });
  await shop.api('feedback.record', { saleId: sale.sale.id, rating: 5 });
  await shop.api('feedback.record', { customerId: c.id, rating: 2 });
  await shop.open(page, '/counter');
  await page.getByTestId('sale-amount').fill('40.000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toBeVisible();
  await expect(page.getByTestId('print-receipt')).toBeVisible();
  await expect(page.getByTestId('feedback-prompt')).toHaveCount(0);
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('kpi-satisfaction')).toContainText('3.5 / 5');
  await expect(page.getByText('2 ratings, 1 unhappy')).toBeVisible();

  // The receipt's own lines are set in Settings and printed on the walk-in's receipt.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('receipt-address').fill('45 Nguyễn Huệ, Quận 1');
  await page.getByTestId('receipt-layout-save').click();
  await expect(page.getByText('Receipt lines saved.')).toBeVisible();
  expect(await shop.api('receipts.getLayout', {})).toEqual({ address: '45 Nguyễn Huệ, Quận 1', footer: null });
  await page.getByTestId('nav-counter').click();
  await page.getByTestId('sale-receipt').first().click();
  await expect(page.getByTestId('receipt-sheet').first()).toContainText('45 Nguyễn Huệ, Quận 1');
  await expect(page.getByTestId('receipt-sheet').first()).toContainText('Walk-in customer');
});

test('"Unhappy recently" in the segment builder counts those who rated 1 or 2 in the last N days', async ({ page, shop }) => {
  const grumpy = await shop.api<Customer>('customers.create', { fullName: 'Phạm Minh Khoa' });
  const happy = await shop.api<Customer>('customers.create', { fullName: 'Võ Thị Hoa' });
  await shop.api('feedback.record', { customerId: grumpy.id, rating: 1, note: 'Chờ lâu' });
  await shop.api('feedback.record', { customerId: happy.id, rating: 4 });
  await shop.open(page, '/segments/new');
  await expect(page.getByTestId('live-count')).toHaveText('2');
  await page.getByTestId('add-condition').click();
  await page.getByTestId('add-unhappy').click();
  await expect(page.getByTestId('condition-unhappy-days')).toHaveValue('30');
  await expect(page.getByTestId('live-count')).toHaveText('1');
  await expect(page.getByTestId('member-row')).toHaveText([/Phạm Minh Khoa/]);
});
