import fs from 'node:fs';
import { expect, swipeCard, test } from './fixtures';

interface Customer {
  id: string;
  code: string;
}
interface Card {
  number: string;
}

test('the owner merges two records of one person from the customer page, choosing fields side by side', async ({ page, shop }) => {
  const lan = await shop.api<Customer>('customers.create', { fullName: 'Trương Mỹ Lan', phone: '0912 345 678' });
  const dup = await shop.api<Customer>('customers.create', { fullName: 'Lan Trương', email: 'lan@example.vn' });
  await shop.api<Card>('cards.issue', { customerId: lan.id });
  const dupCard = await shop.api<Card>('cards.issue', { customerId: dup.id });
  await shop.api('sales.record', { customerId: lan.id, amount: 120_000 });
  await shop.api('sales.record', { customerId: dup.id, amount: 80_000 });

  await shop.open(page, `/customers/${lan.id}`);
  await expect(page.getByTestId('stat-visits')).toContainText('1');
  await page.getByTestId('customer-more').click();
  await page.getByTestId('merge-customer').click();
  await page.getByTestId('merge-search').fill('Lan Tr');
  await page.getByTestId('merge-candidate').filter({ hasText: dup.code }).click();
  // Side by side: the name differs (keep ours), the email only the other has (taken by default).
  await expect(page.getByTestId('merge-fields')).toContainText('lan@example.vn');
  await expect(page.getByTestId('merge-fullName-here')).toBeChecked();
  await expect(page.getByTestId('merge-email-other')).toBeChecked();
  await page.getByTestId('merge-confirm').click();

  await expect(page.getByTestId('merge-fields')).toBeHidden();
  await expect(page.getByTestId('stat-visits')).toContainText('2');
  await expect(page.getByTestId('customer-name')).toHaveText('Trương Mỹ Lan');
  await expect(page.getByText(`${lan.code} · 0912 345 678 · lan@example.vn`)).toBeVisible();
  await expect(page.getByTestId('card-history')).toContainText('Replaced');

  // The duplicate's card still finds the person at the counter; search finds only one of them.
  await swipeCard(page, dupCard.number);
  await expect(page.getByTestId('counter-customer')).toContainText('Trương Mỹ Lan');
  const found = await shop.api<{ items: Customer[] }>('customers.search', { query: 'lan' });
  expect(found.items.map((c) => c.id)).toEqual([lan.id]);
});

test("the owner exports a person's data, then erases them", async ({ page, shop }) => {
  const c = await shop.api<Customer>('customers.create', { fullName: 'Đỗ Văn Hùng', phone: '0987 654 321' });
  await shop.api('sales.record', { customerId: c.id, amount: 50_000 });
  await shop.open(page, `/customers/${c.id}`);

  await page.getByTestId('customer-more').click();
  const downloads: string[] = [];
  page.on('download', (d) => void d.path().then((p) => p && downloads.push(fs.readFileSync(p, 'utf8'))));
  const first = page.waitForEvent('download');
  await page.getByTestId('export-customer').click();
  await first;
  await expect.poll(() => downloads.length).toBe(2);
  expect(downloads.join('\n')).toContain('Đỗ Văn Hùng');

  await page.getByTestId('customer-more').click();
  await page.getByTestId('erase-customer').click();
  await expect(page.getByTestId('erase-confirm')).toBeDisabled();
  await page.getByTestId('erase-code').fill(c.code);
  await page.getByTestId('erase-confirm').click();
  await expect(page).toHaveURL(/#\/customers$/);
  const found = await shop.api<{ total: number }>('customers.search', { query: 'hùng' });
  expect(found.total).toBe(0);
  // Today's sales at the counter keep the purchase, without the name.
  await shop.open(page, '/counter');
  await expect(page.getByTestId('sale-row')).toContainText('Erased customer');
  await expect(page.getByTestId('sale-row')).not.toContainText('Hùng');
});
