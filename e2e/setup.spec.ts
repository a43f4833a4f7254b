import { expect, test } from './fixtures';

test.describe('a new data folder in a Taiwanese browser', () => {
  test.use({ initShop: false, locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1024, height: 700 } });

  test('shows the setup with Taiwan defaults; once done it opens the counter and never again', async ({ page, shop }) => {
    await shop.open(page);
    const setup = page.getByTestId('setup');
    await expect(setup).toBeVisible();
    await expect(page.getByRole('heading', { name: '歡迎！先來設定您的店' })).toBeVisible();
    await expect(page.getByTestId('setup-language')).toHaveValue('繁體中文');
    await expect(page.getByTestId('setup-currency')).toHaveValue(/TWD/);
    await expect(page.getByTestId('setup-country')).toHaveValue('台灣 (TW)');
    await expect(page.getByTestId('setup-time-zone')).toHaveValue('Asia/Taipei');
    await expect(page.getByTestId('setup-every')).toHaveValue('100');
    await expect(page.getByText('Vietnam')).toHaveCount(0);
    await page.screenshot({ path: '/tmp/pw-firstday/setup-zh.png' });

    // Keyboard only: the name has the focus, and Enter completes the setup.
    await expect(page.getByTestId('setup-shop')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('setup-shop')).toHaveAttribute('aria-invalid', 'true');
    await expect(setup).toContainText('請填寫此欄。');
    await page.keyboard.type('幸福麵包坊');
    await page.keyboard.press('Enter');

    await expect(page.getByTestId('shop-name')).toHaveText('幸福麵包坊');
    await expect(page.getByTestId('nav-counter')).toContainText('櫃台');
    const s = await shop.api<{
      currency: string;
      country: string;
      timeZone: string;
      locale: string;
      setupDone: boolean;
      pointsRule: { every: number };
    }>('settings.get', {});
    expect(s).toMatchObject({
      currency: 'TWD',
      country: 'TW',
      timeZone: 'Asia/Taipei',
      locale: 'zh-Hant',
      setupDone: true,
      pointsRule: { every: 10_000 },
    });

    await page.reload();
    await expect(page.getByTestId('shop-name')).toHaveText('幸福麵包坊');
    await expect(page.getByTestId('setup')).toHaveCount(0);
  });
});

test.describe('a new data folder in a Vietnamese browser', () => {
  test.use({ initShop: false, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', viewport: { width: 1024, height: 700 } });

  test('proposes Vietnamese, VND and Vietnam, and fits the screen', async ({ page, shop }) => {
    await shop.open(page);
    await expect(page.getByTestId('setup-language')).toHaveValue('Tiếng Việt');
    await expect(page.getByTestId('setup-currency')).toHaveValue(/VND/);
    await expect(page.getByTestId('setup-country')).toHaveValue('Việt Nam (VN)');
    await expect(page.getByTestId('setup-every')).toHaveValue('10000');
    const box = await page.getByTestId('setup-save').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(700);
    await page.screenshot({ path: '/tmp/pw-firstday/setup-vi.png' });
  });
});

test.describe('a new data folder in an American browser', () => {
  test.use({ initShop: false, locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1024, height: 700 } });

  test('proposes English, USD and the United States', async ({ page, shop }) => {
    await shop.open(page);
    await expect(page.getByTestId('setup-language')).toHaveValue('English');
    await expect(page.getByTestId('setup-currency')).toHaveValue(/USD/);
    await expect(page.getByTestId('setup-country')).toHaveValue('United States (US)');
    await expect(page.getByTestId('setup-time-zone')).toHaveValue('America/New_York');
    await page.screenshot({ path: '/tmp/pw-firstday/setup-en.png' });
  });
});
