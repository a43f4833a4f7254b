/**
 * The "this week" screen (issue 16): a birthday this week shows, one list prints alone, and
 * "start a campaign" from a list lands on the campaign form with that list as the audience.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';

/** Today in the test shop's zone (Asia/Ho_Chi_Minh), shifted by whole days. */
function shopDay(days = 0): string {
  const now = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
/** The same month and day `years` years earlier (29 Feb becomes 28 Feb: still this week's birthday). */
const yearsBefore = (date: string, years: number): string =>
  `${Number(date.slice(0, 4)) - years}-${date.slice(5) === '02-29' ? '02-28' : date.slice(5)}`;

test('a birthday this week shows, its list prints alone, and a campaign starts for it', async ({ page, shop }, testInfo) => {
  await shop.api('customers.create', { fullName: 'Nguyễn Thị Hoa', birthday: yearsBefore(shopDay(2), 30) });
  await shop.api('customers.create', { fullName: 'Lê Văn Xa', birthday: yearsBefore(shopDay(60), 40) });
  const buyer = await shop.api<{ id: string }>('customers.create', { fullName: 'Phạm Minh Mới' });
  await shop.api('sales.record', { customerId: buyer.id, amount: 80_000 });

  await page.goto(shop.url);
  await page.getByTestId('nav-followups').click();
  await expect(page.getByTestId('followup-row-birthdays')).toHaveCount(1);
  await expect(page.getByTestId('followup-row-birthdays')).toContainText('Nguyễn Thị Hoa');
  await expect(page.getByTestId('followup-row-birthdays')).toContainText('turns 30');
  await expect(page.getByTestId('followup-row-firstTime')).toContainText('Phạm Minh Mới');

  // The next week holds nobody's birthday; back to this week.
  await page.getByTestId('followup-next').click();
  await expect(page.getByTestId('followup-empty-birthdays')).toBeVisible();
  await page.getByTestId('followup-this-week').click();
  await expect(page.getByTestId('followup-row-birthdays')).toHaveCount(1);

  // The owner decides what "not back" means; the list's description follows.
  await page.getByTestId('followup-edit-rule').click();
  await page.getByTestId('followup-rule-notBackDays').fill('60');
  await page.getByTestId('followup-rule-save').click();
  await expect(page.getByTestId('followup-notBack')).toContainText('none in the last 60 days');

  // Print the birthdays alone. Headless Chromium has no print dialog: count the call, then render as a printer would.
  await page.evaluate(() => {
    const w = globalThis as unknown as { printed: number; print(): void };
    w.printed = 0;
    w.print = () => void w.printed++;
  });
  await page.getByTestId('followup-print-birthdays').click();
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const pdf = testInfo.outputPath('birthdays.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('Nguyễn Thị Hoa');
  expect(text).not.toContain('Phạm Minh Mới');
  expect(text).not.toContain('Start a campaign');
  expect(text).not.toContain('Import sales');

  // Start a campaign for the list: the campaign form, for the list's segment, with today's count.
  await page.evaluate(() => (globalThis as unknown as { dispatchEvent(e: Event): boolean }).dispatchEvent(new Event('afterprint')));
  await page.getByTestId('followup-campaign-birthdays').click();
  await expect(page).toHaveURL(/#\/campaigns\/new\//);
  await expect(page.getByTestId('campaign-form')).toBeVisible();
  await expect(page.getByTestId('cp-name')).toHaveValue('Birthdays in the next 7 days');
  await expect(page.getByTestId('cp-segment')).toHaveValue('Birthdays in the next 7 days');
  await expect(page.getByTestId('cp-live-count')).toHaveText('1 customer today');
  await page.getByTestId('cp-create').click();
  await expect(page.getByTestId('campaign-name')).toHaveText('Birthdays in the next 7 days');
});
