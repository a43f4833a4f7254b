/** Amounts as cashiers type them, and the ones that deserve a second look (issue 13 item 3). */
import { expect, swipeCard, test } from './fixtures';

test('45k is 45.000 ₫; an implausible amount asks first, and a double Enter does not record it', async ({ page, shop }) => {
  const dao = await shop.api<{ id: string }>('customers.create', { fullName: 'Nguyễn Thị Đào', phone: '0901 234 567' });
  const card = (await shop.api<{ number: string }>('cards.issue', { customerId: dao.id })).number;
  const recorded = async (): Promise<number[]> =>
    (await shop.api<{ sales: { amount: number }[] }>('sales.today', {})).sales.map((s) => s.amount);
  await page.goto(shop.url);
  const amount = page.getByTestId('sale-amount');
  const doubt = page.getByTestId('amount-doubt');

  // "45k": the field shows what it became before Enter.
  await swipeCard(page, card);
  await expect(amount).toBeFocused();
  await page.keyboard.type('45k');
  await expect(page.getByTestId('amount-preview')).toHaveText('= ₫45,000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('Recorded ₫45,000 for Nguyễn Thị Đào');
  expect(await recorded()).toEqual([45_000]);

  // A trillion: asked, and Enter again only goes back to the amount.
  await swipeCard(page, card);
  await expect(amount).toBeFocused();
  await amount.pressSequentially('1.000.000.000.000', { delay: 60 });
  await expect(page.getByTestId('amount-preview')).toHaveText('= ₫1,000,000,000,000');
  await page.keyboard.press('Enter');
  await expect(doubt).toContainText('₫1,000,000,000,000 is unusually large');
  await expect(page.getByTestId('doubt-correct')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(doubt).toBeHidden();
  await expect(amount).toBeFocused();
  expect(await recorded()).toEqual([45_000]);

  // Esc cancels too, keeps the customer and gives the amount back to correct.
  await page.keyboard.press('Enter');
  await expect(doubt).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(doubt).toBeHidden();
  await expect(amount).toBeFocused();
  await expect(page.getByTestId('counter-customer')).toContainText('Nguyễn Thị Đào');
  expect(await recorded()).toEqual([45_000]);

  // 45 ₫ is less than any note: asked, with a hint; recorded only when chosen on purpose.
  await page.keyboard.type('45');
  await expect(amount).toHaveValue('45');
  await page.keyboard.press('Enter');
  await expect(doubt).toContainText('less than the smallest note or coin (₫1,000)');
  await expect(doubt).toContainText('For ₫45,000, type 45k');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('doubt-record')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('Recorded ₫45 for Nguyễn Thị Đào');
  expect(await recorded()).toEqual([45, 45_000]);
});

test("with a history, the shop's own purchases set the ceiling", async ({ page, shop }) => {
  // 40 purchases of up to 300.000 ₫: the check starts above max(10 × p99, 2.000.000 ₫) = 3.000.000 ₫.
  for (let i = 1; i <= 40; i++) await shop.api('sales.record', { amount: 100_000 + (i % 3) * 100_000 });
  await page.goto(shop.url);
  await expect(page.getByTestId('counter-search')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type('3500k');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('amount-doubt')).toContainText(
    "₫3,500,000 is far more than this shop's purchases usually are (this check starts above ₫3,000,000)",
  );
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('sale-amount')).toBeFocused();
  await page.keyboard.type('2.9tr');
  await expect(page.getByTestId('amount-preview')).toHaveText('= ₫2,900,000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('₫2,900,000');
});
