import { expect, test } from './fixtures';

test('a phone typed another way at the counter finds the customer, and Enter opens them (issue 13)', async ({ page, shop }) => {
  await shop.api('customers.create', { fullName: 'Trần Văn Bình', phone: '+84 912-345-678' });
  await shop.api('customers.create', { fullName: 'Lê Thị Hoa', phone: '84909876543' });
  await page.goto(shop.url);
  const search = page.getByTestId('counter-search');
  await search.click();
  // Typed by a person (not a reader's burst): a search, which finds the +84 number by its 0 form.
  await search.pressSequentially('0912345678', { delay: 60 });
  await expect(page.getByTestId('counter-results')).toContainText('Trần Văn Bình');
  await expect(page.getByTestId('counter-results')).toContainText('0912 345 678');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-customer')).toContainText('Trần Văn Bình');
  await expect(page.getByTestId('scan-error')).toHaveCount(0);

  await search.click();
  await search.pressSequentially('0909876543', { delay: 60 });
  await expect(page.getByTestId('counter-results')).toContainText('Lê Thị Hoa');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-customer')).toContainText('Lê Thị Hoa');
  await expect(page.getByTestId('scan-error')).toHaveCount(0);
});

test('the customer form takes a landline, warns about a phone written another way, and says what is not a phone', async ({
  page,
  shop,
}) => {
  await shop.api('customers.create', { fullName: 'Trần Văn Bình', phone: '+84 912-345-678' });
  await page.goto(shop.url);
  await page.getByTestId('nav-customers').click();

  await page.getByTestId('new-customer').click();
  await page.getByTestId('cf-name').fill('Quán Cơm Tấm Sài Gòn');
  await page.getByTestId('cf-phone').fill('(028) 3823 4567');
  await page.getByTestId('cf-save').click();
  await expect(page.getByTestId('customer-name')).toHaveText('Quán Cơm Tấm Sài Gòn');
  await expect(page.getByText('028 3823 4567')).toBeVisible();

  await page.getByTestId('nav-customers').click();
  await page.getByTestId('new-customer').click();
  await page.getByTestId('cf-name').fill('Bình (số mới?)');
  await page.getByTestId('cf-phone').fill('0912 345 678');
  await page.getByTestId('cf-save').click();
  await expect(page.getByTestId('duplicate-warning')).toContainText('Trần Văn Bình');
  await expect(page.getByTestId('cf-save')).toHaveText('Save anyway');

  // Another number typed after the warning is checked again, never saved "anyway".
  await page.getByTestId('cf-phone').fill('gọi sau 5 giờ');
  await expect(page.getByTestId('cf-save')).toHaveText('Save');
  await page.getByTestId('cf-save').click();
  await expect(page.getByText('This is not a phone number')).toBeVisible();
  await page.getByTestId('cf-phone').fill('0112 345 678');
  await page.getByTestId('cf-save').click();
  await expect(page.getByText("This is not a phone number of the shop's country")).toBeVisible();
});
