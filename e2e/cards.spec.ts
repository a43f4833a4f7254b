import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, swipeCard, test } from './fixtures';

interface Customer {
  id: string;
}
interface Card {
  id: string;
  number: string;
}

test('the printed card is one CR80 page whose barcode a scanner reads back as the card number', async ({ page, shop }, testInfo) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Trương Mỹ Lan' });
  const card = await shop.api<Card>('cards.issue', { customerId: c.id });
  await shop.open(page, `/customers/${c.id}`);
  await expect(page.getByTestId('card-number')).toHaveText(card.number.replace(/(\d{4})(?=\d)/g, '$1 '));

  await page.emulateMedia({ media: 'print' });
  const pdfPath = testInfo.outputPath('card.pdf');
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });

  // One page, 85.6 × 54 mm (242.6 × 153.1 pt).
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  expect(info).toMatch(/Pages:\s+1\b/);
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  expect(Number(w)).toBeCloseTo(242.6, 0);
  expect(Number(h)).toBeCloseTo(153.1, 0);

  // Render it as a printer would and read the barcode like a scanner.
  const pngBase = testInfo.outputPath('card');
  execFileSync('pdftoppm', ['-png', '-r', '300', '-singlefile', pdfPath, pngBase]);
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', `${pngBase}.png`], { encoding: 'utf8' }).trim();
  expect(decoded).toBe(card.number);
  const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain('Trương Mỹ Lan');
  expect(text).toContain('Cà Phê Góc Phố');
  fs.copyFileSync(pdfPath, path.join(testInfo.outputDir, 'printed-card.pdf'));
});

test('a lost card is replaced: the old number is refused and names the new one', async ({ page, shop }) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Lý Thu Hà' });
  const old = await shop.api<Card>('cards.issue', { customerId: c.id });
  await shop.open(page, `/customers/${c.id}`);
  await page.getByRole('button', { name: 'Lost, blocked, replace…' }).click();
  await page.getByTestId('replace-card').click();
  await page.getByLabel('Reason (optional)').fill('lost at the market');
  await page.getByTestId('confirm-card-action').click();
  await expect(page.getByTestId('card-history')).toContainText('Replaced');
  const fresh = (await page.getByTestId('card-number').textContent())!.replace(/\s/g, '');
  expect(fresh).not.toBe(old.number);
  await expect(page.getByTestId('card-history')).toContainText('Replaced');

  await swipeCard(page, old.number);
  await expect(page.getByTestId('scan-error')).toContainText(`replaced by card ${fresh}`);
  await swipeCard(page, fresh);
  await expect(page.getByTestId('counter-customer')).toContainText('Lý Thu Hà');
});

test('a walk-in purchase needs no customer, and a void keeps the row with its reason', async ({ page, shop }) => {
  await page.goto(shop.url);
  await page.getByTestId('sale-amount').fill('45000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('sale-saved')).toContainText('walk-in');
  await expect(page.getByTestId('sale-row')).toHaveCount(1);
  await page.getByTestId('sale-row').getByRole('button', { name: 'Void' }).click();
  await page.getByRole('button', { name: 'Void purchase' }).click();
  await expect(page.getByText('Say why this purchase is voided.')).toBeVisible();
  await page.getByLabel('Reason').fill('rang nhầm');
  await page.getByRole('button', { name: 'Void purchase' }).click();
  await expect(page.getByTestId('sale-row')).toContainText('Voided');
  await expect(page.getByTestId('today-summary')).toContainText('0 purchases');
});
