/** The customer list's "responsible staff" filter (issue 19), chosen with the keyboard on a small screen. */
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

test('a staff member filters the customer list to their customers, then to nobody’s, with a search, by keyboard', async ({
  page,
  shop,
}) => {
  // Set up through the API (no window session: never asked for a PIN).
  await shop.api('staff.setupOwner', { name: 'Lan', pin: '1234' });
  const anh = await shop.api<{ id: string }>('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });
  const bao = await shop.api<{ id: string }>('staff.create', { name: 'Bảo', role: 'manager', pin: '7777' });
  for (const [fullName, staffId] of [
    ['Nguyễn Thị Hoa', anh.id],
    ['Trần Thị Mai', anh.id],
    ['Nguyễn Văn Nam', bao.id],
    ['Lê Văn Hùng', null],
    ['Nguyễn Thu Hà', null],
  ] as const) {
    const c = await shop.api<{ id: string }>('customers.create', { fullName });
    if (staffId) await shop.api('staff.setResponsible', { customerId: c.id, staffId });
  }

  // Anh signs in: a staff account, not the owner, reads the names to filter by.
  await shop.open(page);
  await page.getByTestId('sign-in-pin').fill('5555');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('signed-in')).toHaveText('Anh');
  await page.getByTestId('nav-customers').click();
  const count = page.getByTestId('customer-count');
  const rows = page.getByTestId('customer-row');
  await expect(count).toHaveText('5 customers');

  // From the search field, Tab reaches the filter; the arrows open it and walk anyone → nobody → Anh.
  const search = page.getByTestId('customer-search');
  const filter = page.getByTestId('responsible-filter');
  await search.focus();
  await page.keyboard.press('Tab');
  await expect(filter).toBeFocused();
  await expect(filter).toHaveValue('Anyone');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('option', { name: 'Anh', exact: true })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(filter).toHaveValue('Anh');
  await expect(count).toHaveText('2 customers');
  await expect(rows).toHaveText([/Nguyễn Thị Hoa/, /Trần Thị Mai/]);

  // Combined with a search (no accents typed).
  await page.keyboard.press('Shift+Tab');
  await expect(search).toBeFocused();
  await page.keyboard.type('nguyen');
  await expect(count).toHaveText('1 customer');
  await expect(rows).toHaveText([/Nguyễn Thị Hoa/]);

  // Back to the filter: up from Anh to "Nobody".
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(filter).toHaveValue('Nobody');
  await expect(rows).toHaveText([/Nguyễn Thu Hà/]);
  await expect(count).toHaveText('1 customer');

  // Everything fits a 1024-pixel screen: the search keeps its room and the filter is not cut off.
  const [searchBox, filterBox] = [await search.boundingBox(), await filter.boundingBox()];
  expect(filterBox!.x + filterBox!.width).toBeLessThanOrEqual(1024);
  expect(searchBox!.width).toBeGreaterThan(300);
  await page.screenshot({ path: '/tmp/pw-stafffilter/customers-responsible.png' });

  // Anyone again: the whole list, the search still applied.
  await filter.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(filter).toHaveValue('Anyone');
  await expect(count).toHaveText('3 customers');
});

test('a shop without staff accounts shows no responsible filter', async ({ page, shop }) => {
  await shop.api('customers.create', { fullName: 'Nguyễn Thị Hoa' });
  await shop.open(page);
  await page.getByTestId('nav-customers').click();
  await expect(page.getByTestId('customer-count')).toHaveText('1 customer');
  await expect(page.getByTestId('responsible-filter')).toHaveCount(0);
});
