/**
 * Walks a realistic small shop and saves screenshots of the real UI: the README's pictures come
 * from here (REGULARS_SCREENSHOTS=docs/screenshots npx playwright test screenshots), and every run
 * checks that the pages render with Vietnamese and Chinese data.
 */
import path from 'node:path';
import { expect, swipeCard, test } from './fixtures';

interface Customer {
  id: string;
}
interface Card {
  number: string;
}

test('the counter and a customer page render a real shop', async ({ page, shop }, testInfo) => {
  const out = process.env.REGULARS_SCREENSHOTS ? path.resolve(process.env.REGULARS_SCREENSHOTS) : testInfo.outputDir;
  const people: [string, string, string, string[]][] = [
    ['Nguyễn Thị Ánh', '0901 234 567', 'Quận 1', ['vip']],
    ['Trần Quốc Bảo', '0912 888 321', 'Quận 3', []],
    ['陳美玲', '+886 912 345 678', '大安區', ['tea']],
    ['Phạm Đức Huy', '0933 456 789', 'Bình Thạnh', []],
    ['Emily Carter', '0977 111 222', 'Quận 2', ['english menu']],
  ];
  const ids: string[] = [];
  for (const [fullName, phone, area, tags] of people) {
    const c = await shop.api<Customer>('customers.create', {
      fullName,
      phone,
      area,
      tags,
      consent: { marketing: true, source: 'counter form' },
    });
    ids.push(c.id);
  }
  const card = await shop.api<Card>('cards.issue', { customerId: ids[0] });
  for (const amount of [55_000, 128_000, 42_000]) await shop.api('sales.record', { customerId: ids[0], amount, note: 'cà phê sữa đá' });
  await shop.api('sales.record', { customerId: ids[2], amount: 86_000 });
  await shop.api('sales.record', { amount: 35_000 });

  await shop.open(page);
  await expect(page.getByTestId('shop-name')).toBeVisible();
  await swipeCard(page, card.number);
  await expect(page.getByTestId('counter-customer')).toContainText('Nguyễn Thị Ánh');
  await page.getByTestId('sale-amount').fill('65.000');
  await expect(page.getByTestId('points-preview')).toContainText('6');
  await page.screenshot({ path: path.join(out, 'counter.png') });

  await shop.open(page, `/customers/${ids[0]}`);
  await expect(page.getByTestId('sale-row')).toHaveCount(3);
  await page.screenshot({ path: path.join(out, 'customer.png') });

  // A campaign for the lapsed and never-bought, issued, with one coupon already used at the counter.
  const campaign = await shop.api<{ id: string }>('campaigns.create', {
    name: 'Tết: bring them back',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'amount', amount: 20_000 },
    minPurchase: 100_000,
    validFrom: '2026-01-01',
    validTo: '2099-12-31',
    holdoutPercent: 0,
  });
  await shop.api('campaigns.issue', { id: campaign.id });
  const coupons = await shop.api<{ items: { code: string; customerId: string | null }[] }>('campaigns.coupons', { id: campaign.id });
  await shop.api('sales.record', { customerId: coupons.items[0]!.customerId, amount: 150_000, couponCode: coupons.items[0]!.code });
  await shop.open(page, `/campaigns/${campaign.id}`);
  await expect(page.getByText('Tết: bring them back').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(out, 'campaign.png'), fullPage: true });

  await shop.open(page, '/customers');
  await expect(page.getByTestId('customer-row')).toHaveCount(5);
  await page.getByTestId('customer-search').fill('tran');
  await expect(page.getByTestId('customer-row')).toHaveCount(1);
  await page.getByTestId('customer-search').fill('美玲');
  await expect(page.getByTestId('customer-row')).toHaveText(/陳美玲/);
});
