/**
 * Ctrl+P prints what is on screen: a segment or a report without the app's header and
 * navigation; a customer page with a card still prints only the card.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Customer {
  id: string;
}
interface Saved {
  id: string;
}

async function printedText(page: Page, file: string): Promise<{ text: string; pages: number }> {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }), pages: Number(/Pages:\s+(\d+)/.exec(info)![1]) };
}

test('a segment and the dashboard print their content, without the navigation', async ({ page, shop }, testInfo) => {
  for (const [name, area] of [
    ['Nguyễn Thị Ánh', 'Quận 1'],
    ['Trần Quốc Bảo', 'Quận 1'],
    ['陳美玲', 'Quận 3'],
  ] as const) {
    const c = await shop.api<Customer>('customers.create', { fullName: name, area });
    await shop.api('sales.record', { customerId: c.id, amount: 125_000 });
  }
  const segment = await shop.api<Saved>('segments.save', {
    name: 'Khách Quận 1',
    rule: { kind: 'group', op: 'and', rules: [{ kind: 'area', in: ['Quận 1'] }] },
  });

  await shop.open(page, `/segments/${segment.id}`);
  await expect(page.getByTestId('member-row')).toHaveCount(2);
  const printed = await printedText(page, testInfo.outputPath('segment.pdf'));
  expect(printed.text).toContain('Nguyễn Thị Ánh');
  expect(printed.text).toContain('Trần Quốc Bảo');
  expect(printed.text).not.toContain('陳美玲');
  // The sidebar and the header stay on screen.
  expect(printed.text).not.toContain('Import sales');
  expect(printed.text).not.toContain('Regulars');

  await page.getByTestId('nav-reports').click();
  await expect(page.getByText('Nguyễn Thị Ánh')).toBeVisible();
  const report = await printedText(page, testInfo.outputPath('report.pdf'));
  expect(report.text).toContain('Nguyễn Thị Ánh');
  expect(report.text).toContain('375');
  expect(report.text).not.toContain('Import sales');
});

test('a customer page with a card still prints only the card', async ({ page, shop }, testInfo) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Trương Mỹ Lan', area: 'Quận 5' });
  await shop.api('cards.issue', { customerId: c.id });
  await shop.open(page, `/customers/${c.id}`);
  await expect(page.getByTestId('print-card')).toBeVisible();
  const printed = await printedText(page, testInfo.outputPath('card.pdf'));
  expect(printed.pages).toBe(1);
  expect(printed.text).toContain('Trương Mỹ Lan');
  expect(printed.text).toContain('Cà Phê Góc Phố');
  expect(printed.text).not.toContain('Quận 5');
  expect(printed.text).not.toContain('Import sales');
});
