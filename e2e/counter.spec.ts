import { expect, swipeCard, test } from './fixtures';

test('a new customer gets a card, swipes it at the counter and buys; it all survives a reload', async ({ page, shop }) => {
  await page.goto(shop.url);
  await expect(page.getByTestId('shop-name')).toHaveText('Cà Phê Góc Phố');

  // Create the customer.
  await page.getByTestId('nav-customers').click();
  await page.getByTestId('new-customer').click();
  await page.getByTestId('cf-name').fill('Nguyễn Thị Đào');
  await page.getByTestId('cf-phone').fill('0901 234 567');
  await page.getByTestId('cf-save').click();
  await expect(page.getByTestId('customer-name')).toHaveText('Nguyễn Thị Đào');

  // Issue a card.
  await page.getByTestId('issue-card').click();
  const cardNumber = (await page.getByTestId('card-number').textContent())!.replace(/\s/g, '');
  expect(cardNumber).toMatch(/^\d{12}$/);
  await expect(page.getByTestId('active-card').getByTestId('card-barcode')).toBeVisible();

  // Swipe from another screen: the counter opens with that customer.
  await page.getByTestId('nav-settings').click();
  await swipeCard(page, cardNumber);
  await expect(page.getByTestId('counter-customer')).toContainText('Nguyễn Thị Đào');
  await expect(page.getByTestId('points-balance')).toHaveText('0');

  // Record a purchase; the points appear at once.
  await page.getByTestId('sale-amount').fill('125.000');
  await expect(page.getByTestId('points-preview')).toContainText('12');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('+12');
  // The counter is ready for the next customer; the confirmation says who the purchase went to.
  await expect(page.getByTestId('sale-saved')).toContainText('Nguyễn Thị Đào');
  await expect(page.getByTestId('sale-saved')).toContainText('balance 12');
  await expect(page.getByTestId('walk-in')).toBeVisible();
  await expect(page.getByTestId('counter-search')).toBeFocused();
  await expect(page.getByTestId('today-summary')).toContainText('1');

  // Swiped again, she has her points; the history on the customer page shows the purchase,
  // and it is all still there after a reload.
  await swipeCard(page, cardNumber);
  await expect(page.getByTestId('points-balance')).toHaveText('12');
  await page.getByRole('button', { name: 'Profile' }).click();
  await expect(page.getByTestId('stat-points')).toHaveText('12');
  await page.reload();
  await expect(page.getByTestId('customer-name')).toHaveText('Nguyễn Thị Đào');
  await expect(page.getByTestId('sale-row')).toHaveCount(1);
  await expect(page.getByTestId('sale-row').first()).toContainText('₫125,000');
  await expect(page.getByTestId('sale-row').first()).toContainText('+12');
  await expect(page.getByTestId('stat-points')).toHaveText('12');
});

test('a bad scan says what is wrong, at the counter', async ({ page, shop }) => {
  await page.goto(shop.url);
  await expect(page.getByTestId('shop-name')).toBeVisible();
  // 880000000019 has a wrong check digit (the right one is 3).
  await swipeCard(page, '880000000019');
  await expect(page.getByTestId('scan-error')).toContainText('check digit');
  // A well-formed number nobody has.
  await swipeCard(page, '880000000773');
  await expect(page.getByTestId('scan-error')).toContainText('No card with number 880000000773');
});

test('typing slowly is a search, not a scan; a malformed amount is refused at the field', async ({ page, shop }) => {
  await shop.api('customers.create', { fullName: 'Đào Văn Hùng', phone: '0988 111 222' });
  await page.goto(shop.url);
  const search = page.getByTestId('counter-search');
  await search.click();
  await search.pressSequentially('dao', { delay: 80 });
  await expect(page.getByTestId('counter-results')).toContainText('Đào Văn Hùng');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-customer')).toContainText('Đào Văn Hùng');
  await page.getByTestId('sale-amount').fill('12abc');
  await page.getByTestId('record-sale').click();
  await expect(page.getByText('This is not an amount')).toBeVisible();
  await expect(page.getByTestId('today-summary')).toContainText('0');
});

test('the HTTP API refuses a request without the token', async ({ request, shop }) => {
  const origin = new URL(shop.url).origin;
  const res = await request.post(`${origin}/api/customers.create`, { data: { fullName: 'Mallory' } });
  expect(res.status()).toBe(401);
  const list = await shop.api<{ total: number }>('customers.search', { query: '' });
  expect(list.total).toBe(0);
});
