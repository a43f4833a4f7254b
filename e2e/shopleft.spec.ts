/**
 * What the shop-day pass saw and left, through the real UI at 1024×700 by keyboard: settings'
 * number fields that changed what was typed, Ctrl+P at the counter before any sale, the
 * new-customer dialog taller than the window, and the sidebar's Tab stops before the page.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

const typed = (page: Page, text: string): Promise<void> => page.keyboard.type(text, { delay: 40 });
const language = async (page: Page, lang: string): Promise<void> => {
  await page.addInitScript({ content: `localStorage.setItem('regulars.language', '${lang}')` });
};

test('loyalty settings: a negative, a decimal or an out-of-range number is refused at its field as typed, and nothing is saved until it is right', async ({
  page,
  shop,
}) => {
  await shop.open(page, '/settings');
  const perVisit = page.getByTestId('earning-perVisit');
  await perVisit.focus();
  await page.keyboard.press('Control+a');
  await typed(page, '-5');
  await expect(perVisit).toHaveValue('-5');
  await page.keyboard.press('Enter');
  await expect(perVisit).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('earning-rule')).toContainText('This cannot be below zero.');
  await expect(perVisit).toHaveValue('-5');
  await page.getByTestId('earning-signupBonus').fill('2.5');
  await page.getByTestId('earning-birthdayBonus').fill('2000000');
  await page.getByTestId('earning-save').click();
  await expect(page.getByTestId('earning-rule')).toContainText('Use a whole number, without decimals.');
  await expect(page.getByTestId('earning-rule')).toContainText('The highest allowed is 1000000.');
  expect(await shop.api('earning.getRule', {})).toEqual({ perVisit: 0, signupBonus: 0, birthdayBonus: 0 });
  await page.screenshot({ path: '/tmp/shopleft/settings-earning-refused.png' });
  await perVisit.fill('5');
  await page.getByTestId('earning-signupBonus').fill('1.000');
  await page.getByTestId('earning-birthdayBonus').fill('');
  await page.getByTestId('earning-save').click();
  await expect(page.getByTestId('earning-rule')).toContainText('Earning rules saved');
  expect(await shop.api('earning.getRule', {})).toEqual({ perVisit: 5, signupBonus: 1000, birthdayBonus: 0 });

  // The shop's own fields: points per amount, points to spend, expiry. Each wrong one is named at once.
  const before = await shop.api<Record<string, unknown>>('settings.get', {});
  await page.getByTestId('settings-points-earned').fill('-1');
  await page.getByTestId('settings-spend-points').fill('-100');
  await page.getByTestId('settings-spend-value').fill('10000');
  await page.getByTestId('settings-expiry-months').fill('0');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-points-earned')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('settings-spend-points')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('settings-expiry-months')).toHaveAttribute('aria-invalid', 'true');
  // -1 points per amount is below zero; -100 points to spend and 0 months are below their least, 1.
  await expect(page.getByTestId('settings-points-earned')).toHaveAccessibleDescription(/This cannot be below zero\./);
  await expect(page.getByTestId('settings-spend-points')).toHaveAccessibleDescription(/The lowest allowed is 1\./);
  await expect(page.getByTestId('settings-expiry-months')).toHaveAccessibleDescription(/The lowest allowed is 1\./);
  await expect(page.getByTestId('settings-spend-points')).toHaveValue('-100');
  await page.getByTestId('settings-expiry-months').fill('500');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('The highest allowed is 120.')).toBeVisible();
  expect(await shop.api('settings.get', {})).toEqual(before);
  await page.getByTestId('settings-points-earned').fill('2');
  await page.getByTestId('settings-spend-points').fill('100');
  await page.getByTestId('settings-expiry-months').fill('');
  await page.getByTestId('settings-save').click();
  await expect
    .poll(async () => shop.api<Record<string, unknown>>('settings.get', {}))
    .toMatchObject({ pointsRule: { points: 2 }, pointsValue: { points: 100, value: 10_000 }, pointsExpiryMonths: null });

  // Tiers: the window and a multiplier.
  await page.getByTestId('tier-window').fill('-30');
  await page.getByTestId('tier-add').click();
  await page.getByTestId('tier-name').fill('Gold');
  await page.getByTestId('tier-min').fill('1000000');
  await page.getByTestId('tier-multiplier').fill('25');
  await page.getByTestId('tier-save').click();
  await expect(page.getByTestId('tier-window')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('tier-multiplier')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('tier-rule')).toContainText('The lowest allowed is 1.');
  await expect(page.getByTestId('tier-rule')).toContainText('The multiplier must be from 1 to 10, with at most two decimals.');
  expect(await shop.api('tiers.getRule', {})).toEqual({ windowDays: 365, tiers: [] });
  await page.getByTestId('tier-window').fill('180');
  await page.getByTestId('tier-multiplier').fill('1,5');
  await page.getByTestId('tier-save').click();
  await expect(page.getByTestId('tier-rule')).toContainText('Tiers saved');
  expect(await shop.api('tiers.getRule', {})).toMatchObject({ windowDays: 180, tiers: [{ name: 'Gold', multiplier: 1.5 }] });
});

test('Ctrl+P at the counter with no sale yet says so in the cashier’s language and prints nothing; after a sale it opens the receipt', async ({
  page,
  shop,
}) => {
  await language(page, 'vi');
  // Whether the page let the browser print: the key's default, read after every listener ran.
  await page.addInitScript({
    content: `window.__printKey = [];
      window.addEventListener('keydown', (e) => {
        if (e.ctrlKey && e.key.toLowerCase() === 'p') setTimeout(() => window.__printKey.push(e.defaultPrevented));
      });`,
  });
  const printKeys = (): Promise<boolean[]> => page.evaluate<boolean[]>('window.__printKey');
  await page.goto(shop.url);
  await expect(page.getByTestId('counter-search')).toBeFocused();
  await page.keyboard.press('Control+p');
  await expect(page.getByTestId('nothing-to-print')).toHaveText(/Chưa có hóa đơn để in/);
  await expect.poll(printKeys).toEqual([true]);
  await expect(page).toHaveURL(/#\/counter|\/#token|\/$/);
  await page.screenshot({ path: '/tmp/shopleft/counter-nothing-to-print-vi.png' });

  await page.keyboard.press('Enter');
  await typed(page, '45000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-saved')).toBeVisible();
  await expect(page.getByTestId('nothing-to-print')).toBeHidden();
  await page.keyboard.press('Control+p');
  await expect(page).toHaveURL(/#\/receipt\//);
  await expect(page.getByTestId('receipt-print')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('counter-search')).toBeFocused();
  // Back at the counter the receipt was dealt with: Ctrl+P again says so rather than print the counter.
  await page.keyboard.press('Control+p');
  await expect(page.getByTestId('nothing-to-print')).toBeVisible();
  await expect.poll(printKeys).toEqual([true, true, true]);
});

test('the new-customer dialog at 1024×700 with the duplicate warning: the warning whole and Save/Cancel in view, in each language', async ({
  page,
  shop,
}) => {
  await shop.api('customers.create', { fullName: 'Lê Thị Hồng', phone: '0901 234 567' });
  await shop.api('customers.create', { fullName: 'Lê Văn Hai', phone: '0901 234 568', email: 'hai@example.vn' });
  for (const [lang, cancel] of [
    ['en', 'Cancel'],
    ['vi', 'Hủy'],
    ['zh-Hant', '取消'],
  ] as const) {
    await shop.open(page, '/customers');
    await page.evaluate(`localStorage.setItem('regulars.language', '${lang}')`);
    await page.goto('about:blank');
    await shop.open(page, '/customers');
    await page.getByTestId('new-customer').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cf-name')).toBeFocused();
    // Filled, not typed: what is checked here is the dialog's layout, and typing three languages' worth costs seconds.
    await page.getByTestId('cf-name').fill('Đặng Thị Ngọc Ánh');
    await page.getByTestId('cf-phone').fill('0901-234-567');
    await page.getByTestId('cf-email').fill('hai@example.vn');
    await page.getByTestId('cf-email').press('Enter');
    const warning = page.getByTestId('duplicate-warning');
    await expect(warning).toContainText('Lê Thị Hồng');
    await expect(warning).toContainText('Lê Văn Hai');
    await expect(warning).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId('cf-save')).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('dialog').getByRole('button', { name: cancel })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `/tmp/shopleft/customer-dialog-${lang}.png` });
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
  }
});

test('"Skip to content" is the first Tab stop, shows when reached, and takes the focus past the sidebar; the counter keeps its search focused', async ({
  page,
  shop,
}) => {
  await shop.open(page, '/reports');
  const skip = page.getByTestId('skip-to-content');
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  await expect(skip).toBeFocused();
  await expect(skip).toHaveText('Skip to content');
  await expect(skip).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: '/tmp/shopleft/skip-link-en.png' });
  await page.keyboard.press('Enter');
  await expect(page.locator('#main-content')).toBeFocused();
  await page.keyboard.press('Tab');
  // The next stop is the page's own, not the header's or the sidebar's.
  expect(await page.evaluate<boolean>(`document.getElementById('main-content').contains(document.activeElement)`)).toBe(true);
  await expect(page).toHaveURL(/#\/reports/);

  // The counter still starts in its search (the card field), in each language the link is translated.
  for (const [lang, text] of [
    ['vi', 'Bỏ qua menu, đến nội dung'],
    ['zh-Hant', '跳到主要內容'],
  ] as const) {
    await page.evaluate(`localStorage.setItem('regulars.language', '${lang}')`);
    await page.goto(shop.url);
    await page.reload();
    await expect(page.getByTestId('counter-search')).toBeFocused();
    await expect(skip).toHaveText(text);
    await expect(skip).not.toBeInViewport();
  }
});

test.describe('a new shop in a Vietnamese browser', () => {
  test.use({ initShop: false, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });

  test('the first-day setup refuses negative points per amount at the field, in Vietnamese, and saves nothing', async ({ page, shop }) => {
    await shop.open(page);
    await expect(page.getByTestId('setup')).toBeVisible();
    await page.getByTestId('setup-shop').fill('Tiệm Bánh Mì Cô Ba');
    const points = page.getByTestId('setup-points');
    await points.focus();
    await page.keyboard.press('Control+a');
    await typed(page, '-5');
    await page.keyboard.press('Tab');
    await expect(points).toHaveValue('-5');
    await points.press('Enter');
    await expect(points).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('setup')).toContainText('Không được nhỏ hơn 0.');
    expect(await shop.api<{ setupDone: boolean }>('settings.get', {})).toMatchObject({ setupDone: false });
    await points.fill('2');
    await points.press('Enter');
    await expect(page.getByTestId('shop-name')).toHaveText('Tiệm Bánh Mì Cô Ba');
    expect(await shop.api('settings.get', {})).toMatchObject({ setupDone: true, pointsRule: { points: 2 } });
  });
});
