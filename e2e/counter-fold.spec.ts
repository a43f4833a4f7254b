/**
 * At 1024×700 the cashier sees, without scrolling, whom the sale just went to, the rating it may
 * get and its receipt button; and a walk-in's purchase right after a member's says walk-in.
 */
import { expect, swipeCard, test } from './fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

test('after a sale, the name it went to, its rating and its receipt are on screen at 1024×700', async ({ page, shop }) => {
  const c = await shop.api<{ id: string }>('customers.create', { fullName: 'Nguyễn Thị Ánh', phone: '0901 234 567' });
  const card = await shop.api<{ number: string }>('cards.issue', { customerId: c.id });
  await shop.open(page);
  await expect(page.getByTestId('shop-name')).toBeVisible();

  await swipeCard(page, card.number);
  await expect(page.getByTestId('counter-customer')).toContainText('Nguyễn Thị Ánh');
  await page.getByTestId('sale-amount').fill('65.000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('Nguyễn Thị Ánh');
  await expect(page.getByTestId('sale-saved')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('feedback-prompt')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('print-receipt')).toBeInViewport({ ratio: 1 });

  // The next customer is a walk-in: the counter let go of the member, and says so.
  await page.getByTestId('sale-amount').fill('30.000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).not.toContainText('Nguyễn Thị Ánh');
  await expect(page.getByTestId('sale-saved')).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('sale-row').first()).not.toContainText('Nguyễn Thị Ánh');
});
