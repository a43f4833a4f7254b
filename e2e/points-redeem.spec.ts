/** Spending points at the counter (issue 16): the value before Enter, the total and balance after, and a void that puts both back. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function findAtCounter(page: Page, text: string, name: string): Promise<void> {
  const search = page.getByTestId('counter-search');
  await search.click();
  await search.pressSequentially(text, { delay: 80 });
  await expect(page.getByTestId('counter-results')).toContainText(name);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-customer')).toContainText(name);
}

test('a member spends points at the counter, and a void gives them back', async ({ page, shop }) => {
  const c = await shop.api<{ id: string }>('customers.create', { fullName: 'Võ Thị Mai', phone: '0907 555 111' });
  await shop.api('sales.record', { customerId: c.id, amount: 1_500_000 }); // 150 points

  // The owner gives points a value on the Settings screen (off until then).
  await page.goto(shop.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-spend-points').fill('100');
  await page.getByTestId('settings-spend-value').fill('10.000');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('Saved')).toBeVisible();
  expect(await shop.api('settings.get', {})).toMatchObject({ pointsValue: { points: 100, value: 10_000 } });
  await page.getByTestId('nav-counter').click();
  await findAtCounter(page, 'mai', 'Võ Thị Mai');
  await expect(page.getByTestId('points-balance')).toHaveText('150');

  // Keyboard only: the amount, then Tab to the points field, the value shows before Enter.
  await page.getByTestId('sale-amount').fill('300.000');
  // Amount, note, coupon, points: Tab reaches the field in that order.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(page.getByTestId('sale-points')).toBeFocused();
  await page.keyboard.type('200');
  await expect(page.getByTestId('sale-points').locator('..').locator('..')).toContainText('Not enough points');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('100');
  await expect(page.getByTestId('points-off')).toContainText('₫10,000');
  await expect(page.getByTestId('points-off')).toContainText('₫290,000');
  await expect(page.getByTestId('points-preview')).toContainText('29');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('100 points used');
  await expect(page.getByTestId('sale-saved')).toContainText('balance 79');
  const row = page.getByTestId('sale-row').filter({ hasText: '290,000' });
  await expect(row).toHaveCount(1);

  await findAtCounter(page, 'mai', 'Võ Thị Mai');
  await expect(page.getByTestId('points-balance')).toHaveText('79');

  // Void it: the 100 points come back and the 29 it earned go.
  await row.getByTestId('void-sale').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill('Customer changed her mind');
  await dialog.getByTestId('void-confirm').click();
  await expect(row).toContainText(/void/i);
  await page.keyboard.press('Escape');
  await findAtCounter(page, 'mai', 'Võ Thị Mai');
  await expect(page.getByTestId('points-balance')).toHaveText('150');
});

test('the owner adjusts points with a reason; the customer page lists the whole ledger with its running balance', async ({
  page,
  shop,
}) => {
  // The owner turns expiry on (12 months) on the Settings screen; the purchase's points then show when they expire.
  await shop.open(page, '/settings');
  await page.getByTestId('settings-expiry-months').fill('12');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect(await shop.api('settings.get', {})).toMatchObject({ pointsExpiryMonths: 12 });
  const c = await shop.api<{ id: string }>('customers.create', { fullName: 'Hồ Xuân Hương' });
  await shop.api('sales.record', { customerId: c.id, amount: 250_000 }); // +25
  await shop.open(page, `/customers/${c.id}`);
  await expect(page.getByTestId('points-row')).toHaveCount(1);
  await expect(page.getByTestId('points-expiring')).toContainText('25 points on');

  await page.getByTestId('points-adjust').click();
  await page.getByTestId('adjust-points').fill('-40');
  await page.getByTestId('adjust-reason').fill('Returned goods');
  await page.getByTestId('adjust-save').click();
  await expect(page.getByRole('dialog')).toContainText('below zero');
  await page.getByTestId('adjust-below-zero').check();
  await page.getByTestId('adjust-save').click();
  await expect(page.getByRole('dialog')).toBeHidden();

  const rows = page.getByTestId('points-row');
  await expect(rows).toHaveCount(2);
  // Newest first: the adjustment, then the purchase, each with the balance after it.
  await expect(rows.nth(0)).toContainText('Adjusted');
  await expect(rows.nth(0)).toContainText('Returned goods');
  await expect(rows.nth(0)).toContainText('-15');
  await expect(rows.nth(1)).toContainText('Earned');
  await expect(rows.nth(1)).toContainText('+25');
  await expect(page.getByTestId('stat-points')).toHaveText('-15');
});
