/**
 * Tiers that give something (issue 16): the owner gives a tier a benefit and a points multiplier in
 * Settings; the counter shows the tier, its benefit and "X to the next tier", says an upgrade the
 * moment a purchase crosses a threshold, and the multiplier shows in what the next sale earned.
 * The owner also sets a tier by hand on the customer page, with a reason and an end date.
 */
import { expect, swipeCard, test } from './fixtures';

interface Customer {
  id: string;
}
interface Card {
  number: string;
}

test('a purchase that crosses a threshold shows the upgrade; the counter shows the next tier; the multiplier shows in what a sale earned', async ({
  page,
  shop,
}) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Trần Bảo Ngọc' });
  const card = await shop.api<Card>('cards.issue', { customerId: c.id });
  await shop.open(page, '/settings');
  await page.getByTestId('tier-add').click();
  await page.getByTestId('tier-add').click();
  await page.getByTestId('tier-name').nth(0).fill('Silver');
  await page.getByTestId('tier-min').nth(0).fill('100000');
  await page.getByTestId('tier-name').nth(1).fill('Gold');
  await page.getByTestId('tier-min').nth(1).fill('500000');
  await page.getByTestId('tier-multiplier').nth(1).fill('2');
  await page.getByTestId('tier-benefit').nth(1).fill('Free cake on Fridays');
  await page.getByTestId('tier-save').click();
  await expect(page.getByText('Tiers saved.')).toBeVisible();

  await shop.open(page, '/counter');
  await swipeCard(page, card.number);
  await expect(page.getByTestId('counter-customer').getByTestId('tier-standing')).toContainText('to Silver');
  await page.getByTestId('sale-amount').fill('450000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('sale-saved')).toContainText('Now in the Silver tier.');
  await expect(page.getByTestId('sale-saved')).toContainText('more to reach Gold.');

  await swipeCard(page, card.number);
  await expect(page.getByTestId('counter-customer').getByTestId('tier-badge')).toHaveText('Tier: Silver');
  await expect(page.getByTestId('counter-customer').getByTestId('tier-standing')).toContainText('50,000');
  await expect(page.getByTestId('counter-customer').getByTestId('tier-standing')).toContainText('to Gold');
  await page.getByTestId('sale-amount').fill('60000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('sale-saved')).toContainText('Now in the Gold tier.');

  // Gold earns ×2: 100 000 is 10 points per amount, 20 under Gold.
  await swipeCard(page, card.number);
  await expect(page.getByTestId('counter-customer').getByTestId('tier-standing')).toContainText('Free cake on Fridays');
  await expect(page.getByTestId('counter-customer').getByTestId('tier-standing')).toContainText('Highest tier');
  await page.getByTestId('sale-amount').fill('100000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('sale-saved')).toContainText('+20 points');
  await expect(page.getByTestId('sale-saved')).not.toContainText('Now in');

  await shop.open(page, `/customers/${c.id}`);
  await expect(page.getByTestId('points-ledger')).toContainText('purchase ×2 (Gold)');
});

test('the owner sets a tier by hand with a reason and an end date, and ends it', async ({ page, shop }) => {
  await shop.api('tiers.setRule', {
    windowDays: 365,
    tiers: [
      { name: 'Silver', minSpend: 100_000 },
      { name: 'Gold', minSpend: 500_000, multiplier: 1.5 },
    ],
  });
  const c = await shop.api<Customer>('customers.create', { fullName: 'Phạm Gia Huy' });
  await shop.open(page, `/customers/${c.id}`);
  await expect(page.getByTestId('tier-card')).toContainText('No tier yet.');
  await page.getByTestId('tier-floor-set').click();
  await page.getByTestId('tier-floor-until').fill('12/31/2099');
  await page.getByTestId('tier-floor-save').click();
  await expect(page.getByText('Please fill this in.')).toBeVisible();
  await page.getByTestId('tier-floor-reason').fill('Owner’s family');
  await page.getByTestId('tier-floor-save').click();
  await expect(page.getByTestId('tier-floor')).toContainText('Set by hand: Gold until');
  await expect(page.getByTestId('tier-floor')).toContainText('2099');
  await expect(page.getByTestId('tier-floor')).toContainText('Owner’s family');
  await expect(page.getByTestId('tier-badge')).toHaveText('Tier: Gold');
  await expect(page.getByTestId('tier-card')).toContainText('By spend alone: no tier');

  await page.getByTestId('tier-floor-clear').click();
  await page.getByTestId('tier-floor-reason').fill('Set by mistake');
  await page.getByTestId('tier-floor-save').click();
  await expect(page.getByTestId('tier-floor')).toHaveCount(0);
  await expect(page.getByTestId('tier-card')).toContainText('No tier yet.');
});

test('the purchases table on the customer page shows the points a purchase spent', async ({ page, shop }) => {
  const s = await shop.api<Record<string, unknown>>('settings.get', {});
  await shop.api('settings.update', {
    shopName: s.shopName,
    currency: s.currency,
    locale: s.locale,
    timeZone: s.timeZone,
    pointsRule: s.pointsRule,
    pointsValue: { points: 100, value: 10_000 },
  });
  const c = await shop.api<Customer>('customers.create', { fullName: 'Võ Thanh Tâm' });
  await shop.api('points.adjust', { customerId: c.id, points: 300, reason: 'welcome' });
  await shop.api('sales.record', { customerId: c.id, amount: 100_000, redeemPoints: 250 });
  await shop.open(page, `/customers/${c.id}`);
  await expect(page.getByTestId('sale-points-redeemed')).toHaveText('250 points used (−₫25,000)');
});
