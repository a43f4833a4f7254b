/** A queue at the till: members and walk-ins one after another, keyboard only (issue 13 items 1 and 5). */
import { expect, swipeCard, test, type Shop } from './fixtures';

interface Sale {
  amount: number;
  customerId: string | null;
  customerName: string | null;
}

async function member(shop: Shop, fullName: string, phone: string): Promise<{ id: string; card: string }> {
  const c = await shop.api<{ id: string }>('customers.create', { fullName, phone });
  const card = await shop.api<{ number: string }>('cards.issue', { customerId: c.id });
  return { id: c.id, card: card.number };
}

async function stats(shop: Shop, id: string): Promise<{ visits: number; pointsBalance: number }> {
  return (await shop.api<{ stats: { visits: number; pointsBalance: number } }>('customers.get', { id })).stats;
}

test("after a member's purchase the counter is ready for the next customer, and a walk-in's purchase stays a walk-in's", async ({
  page,
  shop,
}) => {
  const dao = await member(shop, 'Nguyễn Thị Đào', '0901 234 567');
  const hung = await member(shop, 'Trần Văn Hùng', '0988 111 222');
  await shop.api('tiers.setRule', { windowDays: 365, tiers: [{ name: 'Gold', minSpend: 200_000 }] });
  await page.goto(shop.url);
  const search = page.getByTestId('counter-search');
  const who = page.getByTestId('counter-customer');
  const saved = page.getByTestId('sale-saved');
  await expect(search).toBeFocused();

  // Đào swipes her card and buys.
  await swipeCard(page, dao.card);
  await expect(who).toContainText('Nguyễn Thị Đào');
  await expect(page.getByTestId('sale-amount')).toBeFocused();
  await page.keyboard.type('125000');
  await page.keyboard.press('Enter');
  // The confirmation says who it went to; the counter has let go of her.
  await expect(saved).toContainText('Nguyễn Thị Đào');
  await expect(saved).toContainText('+12');
  await expect(saved).toContainText('balance 12');
  // No upgrade yet (the line says how far Gold is: issue 16).
  await expect(saved).not.toContainText('Now in the Gold tier');
  await expect(saved).toContainText('₫75,000 more to reach Gold.');
  await expect(page.getByTestId('walk-in')).toBeVisible();
  await expect(search).toBeFocused();

  // A walk-in next, with plain keystrokes: Enter on the empty search goes to the amount.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-amount')).toBeFocused();
  await page.keyboard.type('30000');
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('walk-in');
  let today = (await shop.api<{ sales: Sale[] }>('sales.today', {})).sales;
  expect(today.map((s) => [s.amount, s.customerId])).toEqual([
    [30_000, null],
    [125_000, dao.id],
  ]);
  expect(await stats(shop, dao.id)).toMatchObject({ visits: 1, pointsBalance: 12 });

  // Hùng, another walk-in (Tab from the search this time), Đào again.
  await swipeCard(page, hung.card);
  await expect(who).toContainText('Trần Văn Hùng');
  await page.keyboard.type('50000');
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('Recorded ₫50,000 for Trần Văn Hùng');
  await expect(search).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('sale-amount')).toBeFocused();
  await page.keyboard.type('20000');
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('walk-in purchase of ₫20,000');
  await swipeCard(page, dao.card);
  await expect(who).toContainText('Nguyễn Thị Đào');
  await page.keyboard.type('80000');
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('balance 20');
  // ₫205,000 in all lifts her into Gold: the cashier is told.
  await expect(saved).toContainText('for Nguyễn Thị Đào: +8 points, balance 20. Now in the Gold tier.');

  today = (await shop.api<{ sales: Sale[] }>('sales.today', {})).sales;
  expect(today.map((s) => s.customerName).reverse()).toEqual(['Nguyễn Thị Đào', null, 'Trần Văn Hùng', null, 'Nguyễn Thị Đào']);
  expect(await stats(shop, dao.id)).toMatchObject({ visits: 2, pointsBalance: 20 });
  expect(await stats(shop, hung.id)).toMatchObject({ visits: 1, pointsBalance: 5 });
});

test('Esc lets go of the customer and the typed search', async ({ page, shop }) => {
  const dao = await member(shop, 'Nguyễn Thị Đào', '0901 234 567');
  await shop.api('sales.record', { amount: 20_000 });
  await page.goto(shop.url);
  await swipeCard(page, dao.card);
  await expect(page.getByTestId('counter-customer')).toContainText('Nguyễn Thị Đào');
  // Esc in a dialog closes the dialog only.
  await page.getByTestId('void-sale').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('counter-customer')).toContainText('Nguyễn Thị Đào');
  await page.getByTestId('sale-amount').focus();
  await page.keyboard.type('45');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('walk-in')).toBeVisible();
  await expect(page.getByTestId('counter-search')).toBeFocused();
  // A search typed and then abandoned.
  await page.getByTestId('counter-search').pressSequentially('dao', { delay: 60 });
  await expect(page.getByRole('option', { name: /Nguyễn Thị Đào/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('counter-search')).toHaveValue('');
  await expect(page.getByRole('option')).toHaveCount(0);
});

test('arrow keys choose among the search results and Enter takes the highlighted one (issue 13 item 5)', async ({ page, shop }) => {
  await shop.api('customers.create', { fullName: 'Lê Văn An', phone: '0901 111 111' });
  await shop.api('customers.create', { fullName: 'Phạm Thị Bình', phone: '0901 222 222' });
  await page.goto(shop.url);
  const search = page.getByTestId('counter-search');
  await search.pressSequentially('0901', { delay: 60 });
  const options = page.getByRole('option');
  await expect(options).toHaveCount(2);
  const first = (await options.nth(0).textContent())!;
  const second = (await options.nth(1).textContent())!;
  await expect(search).toHaveAttribute('aria-expanded', 'true');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'false');
  await expect(search).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  await page.keyboard.press('Enter');
  const secondName = second.includes('Bình') ? 'Phạm Thị Bình' : 'Lê Văn An';
  await expect(page.getByTestId('counter-customer')).toContainText(secondName);
  expect(first).not.toContain(secondName);
  // Up wraps back round; Enter without moving takes the first.
  await page.keyboard.press('Escape');
  await search.pressSequentially('0901', { delay: 60 });
  await expect(options).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-customer')).not.toContainText(secondName);
});

test('the sidebar is reached with Tab and opened with Enter (issue 13 item 5)', async ({ page, shop }) => {
  await page.goto(shop.url);
  await expect(page.getByTestId('counter-search')).toBeFocused();
  // From the top of the page, Tab walks through the header into the sidebar.
  await page.getByTestId('counter-search').blur();
  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await page.locator('[data-testid="nav-customers"]:focus').count()) === 1;
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/customers/);
  await expect(page.getByTestId('new-customer')).toBeVisible();
  await expect(page.getByTestId('nav-customers')).toHaveAttribute('aria-current', 'page');
});
