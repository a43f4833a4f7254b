/** Dates and money read as the person's language writes them, whatever the shop's language. */
import { expect, test } from './fixtures';

interface Customer {
  id: string;
}

test('a TWD shop whose language is Vietnamese, read in Traditional Chinese: NT$ and 年月日', async ({ page, shop }) => {
  await shop.api('settings.update', {
    shopName: '幸福麵包坊',
    currency: 'TWD',
    locale: 'vi',
    timeZone: 'Asia/Taipei',
    country: 'TW',
    pointsRule: { every: 10_000, points: 1 },
  });
  const c = await shop.api<Customer>('customers.create', { fullName: '林怡君', birthday: '1988-11-30' });
  await shop.api('sales.record', { customerId: c.id, amount: 128_000 });

  await shop.open(page, `/customers/${c.id}`);
  await page.getByTestId('language').click();
  await page.getByRole('option', { name: '繁體中文' }).click();
  await expect(page.getByTestId('stat-total')).toContainText('NT$1,280');
  await expect(page.getByTestId('stat-total')).not.toContainText('.00');
  await expect(page.getByText('生日: 1988年11月30日')).toBeVisible();
  await expect(page.getByText('thg')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/pw-firstday/formats-zh.png' });

  await page.getByTestId('language').click();
  await page.getByRole('option', { name: 'Tiếng Việt' }).click();
  await expect(page.getByTestId('stat-total')).toContainText(/1\.280\sNT\$/);
  await expect(page.getByText(/30 thg 11, 1988/)).toBeVisible();
});
