/** The customer form in the person's language: its own messages at the fields, local dates, the areas in use. */
import { expect, test } from './fixtures';

interface Customer {
  id: string;
  fullName: string;
  area: string | null;
  birthday: string | null;
}

test.describe('in Vietnamese', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript({ content: "localStorage.setItem('regulars.language', 'vi')" });
  });

  test('an empty name and a bad email are named at their fields in Vietnamese, and a date is typed dd/mm/yyyy', async ({ page, shop }) => {
    await shop.open(page, '/customers');
    await page.getByTestId('new-customer').click();
    const dialog = page.getByRole('dialog');
    await expect(page.getByTestId('cf-name')).not.toHaveAttribute('required');
    await expect(page.getByTestId('cf-birthday')).toHaveAttribute('placeholder', 'dd/mm/yyyy');
    await page.getByTestId('cf-email').fill('lan@');
    await page.getByTestId('cf-birthday').fill('31/02/1990');
    await page.getByTestId('cf-save').click();

    await expect(page.getByTestId('cf-name')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toContainText('Hãy nhập tên khách hàng.');
    await expect(page.getByTestId('cf-email')).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog).toContainText('Email không hợp lệ');
    await expect(dialog).toContainText('Nhập ngày theo dạng dd/mm/yyyy.');
    expect(await page.getByTestId('cf-name').evaluate((el) => (el as unknown as { validationMessage: string }).validationMessage)).toBe('');
    const text = (await dialog.innerText()).toLowerCase();
    for (const english of ['please', 'fill out', 'not valid', 'required', 'invalid', 'email is']) expect(text).not.toContain(english);
    await page.screenshot({ path: '/tmp/pw-firstday/customer-form-vi.png' });

    await page.getByTestId('cf-name').fill('Phan Ngọc Lan');
    await page.getByTestId('cf-email').fill('lan@example.vn');
    await page.getByTestId('cf-birthday').fill('15/08/1990');
    await page.getByTestId('cf-save').click();
    await expect(dialog).toBeHidden();
    const found = await shop.api<{ items: Customer[] }>('customers.search', { query: 'Phan Ngọc Lan' });
    const page1 = await shop.api<{ customer: Customer }>('customers.get', { id: found.items[0]!.id });
    expect(page1.customer.birthday).toBe('1990-08-15');
  });
});

test('in Traditional Chinese a date is typed yyyy/mm/dd', async ({ page, shop }) => {
  await page.addInitScript({ content: "localStorage.setItem('regulars.language', 'zh-Hant')" });
  await shop.open(page, '/customers');
  await page.getByTestId('new-customer').click();
  await expect(page.getByTestId('cf-birthday')).toHaveAttribute('placeholder', 'yyyy/mm/dd');
  await page.getByTestId('cf-name').fill('林怡君');
  await page.getByTestId('cf-birthday').fill('1988/3/7');
  await page.getByTestId('cf-save').click();
  await expect(page.getByRole('dialog')).toBeHidden();
  const found = await shop.api<{ items: Customer[] }>('customers.search', { query: '林怡君' });
  expect((await shop.api<{ customer: Customer }>('customers.get', { id: found.items[0]!.id })).customer.birthday).toBe('1988-03-07');
});

test('the area field suggests the spellings already in use, so "Q1" becomes the existing "Quận 1"', async ({ page, shop }) => {
  await shop.api('customers.create', { fullName: 'Nguyễn Văn An', area: 'Quận 1' });
  await shop.api('customers.create', { fullName: 'Lê Thị Bình', area: 'Quận 1' });
  await shop.api('customers.create', { fullName: 'Trần Minh', area: 'Bình Thạnh' });
  await shop.open(page, '/customers');
  await page.getByTestId('new-customer').click();
  await page.getByTestId('cf-name').fill('Đỗ Hải Yến');
  await page.getByTestId('cf-area').fill('Q1');
  await expect(page.getByRole('option', { name: 'Quận 1' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Bình Thạnh' })).toHaveCount(0);
  await page.screenshot({ path: '/tmp/pw-firstday/area-suggest.png' });
  await page.getByRole('option', { name: 'Quận 1' }).click();
  await expect(page.getByTestId('cf-area')).toHaveValue('Quận 1');
  await page.getByTestId('cf-save').click();
  await expect(page.getByRole('dialog')).toBeHidden();
  const found = await shop.api<{ items: Customer[] }>('customers.search', { query: 'Đỗ Hải Yến' });
  expect((await shop.api<{ customer: Customer }>('customers.get', { id: found.items[0]!.id })).customer.area).toBe('Quận 1');
});
