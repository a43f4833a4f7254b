import { expect, swipeCard, test } from './fixtures';

interface Customer {
  id: string;
}
interface Card {
  number: string;
}

test("the owner changes the points rule and the language; the counter follows", async ({ page, shop }) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Đặng Thu Thảo' });
  const card = await shop.api<Card>('cards.issue', { customerId: c.id });
  await shop.open(page, '/settings');
  await page.getByLabel('Points earned').fill('2');
  await page.getByLabel('for every').fill('5.000');
  await page.getByTestId('settings-shop').fill('Tiệm Bánh Hòa Bình');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(page.getByTestId('shop-name')).toHaveText('Tiệm Bánh Hòa Bình');

  await swipeCard(page, card.number);
  await page.getByTestId('sale-amount').fill('23000');
  // 2 points per full 5,000: 23,000 → 4 × 2 = 8.
  await expect(page.getByTestId('points-preview')).toContainText('8');

  await page.getByTestId('language').click();
  await page.getByRole('option', { name: 'Tiếng Việt' }).click();
  await expect(page.getByTestId('points-preview')).toHaveText('Tích 8 điểm');
  await expect(page.getByTestId('nav-counter')).toContainText('Quầy');
  await page.getByTestId('language').click();
  await page.getByRole('option', { name: '繁體中文' }).click();
  await expect(page.getByTestId('points-preview')).toHaveText('可得 8 點');
});

test('a shop name left empty is refused next to the field, and nothing changes', async ({ page, shop }) => {
  await shop.open(page, '/settings');
  await page.getByTestId('settings-shop').fill('   ');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('Please check Shop name')).toBeVisible();
  const s = await shop.api<{ shopName: string }>('settings.get', {});
  expect(s.shopName).toBe('Cà Phê Góc Phố');
});
