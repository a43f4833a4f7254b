/**
 * A day at the shop through the real UI, as the brief asks before a screen is called done: several
 * customers in a row at the counter with walk-ins between, wrong amounts, points, a coupon, a void
 * and Ctrl+P, keyboard only at 1024×700, each sale checked in the data; then each language at
 * 1024×700 with nothing cut off, no key strings and no sideways scroll.
 */
import type { Page } from '@playwright/test';
import { expect, swipeCard, test, type Shop } from './fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

interface Sale {
  id: string;
  amount: number;
  customerId: string | null;
  couponCode: string | null;
  pointsRedeemed: number;
  voidedAt: string | null;
}

/** A person's typing, slower than a card reader, so the scan detector leaves it alone. */
const typed = (page: Page, text: string): Promise<void> => page.keyboard.type(text, { delay: 60 });

async function member(shop: Shop, fullName: string, phone: string, card = true): Promise<{ id: string; card: string }> {
  const c = await shop.api<{ id: string }>('customers.create', { fullName, phone });
  return { id: c.id, card: card ? (await shop.api<{ number: string }>('cards.issue', { customerId: c.id })).number : '' };
}

async function stats(shop: Shop, id: string): Promise<{ visits: number; pointsBalance: number; totalSpend: number }> {
  return (await shop.api<{ stats: { visits: number; pointsBalance: number; totalSpend: number } }>('customers.get', { id })).stats;
}

async function givePointsAValue(shop: Shop): Promise<void> {
  const { setupDone: _done, ...settings } = await shop.api<Record<string, unknown>>('settings.get', {});
  await shop.api('settings.update', { ...settings, pointsValue: { points: 100, value: 10_000 }, pointsExpiryMonths: 12 });
}

test('a morning at the counter: members and walk-ins in a row, wrong amounts, points, a coupon, a void and Ctrl+P', async ({
  page,
  shop,
}) => {
  await givePointsAValue(shop);
  const dao = await member(shop, 'Nguyễn Thị Đào', '0901 234 567');
  const hung = await member(shop, 'Trần Văn Hùng', '0988 111 222');
  const mai = await member(shop, 'Võ Thị Mai', '0907 555 111', false);
  await shop.api('sales.record', { customerId: dao.id, amount: 1_500_000 }); // yesterday's regular: 150 points
  const campaign = await shop.api<{ id: string }>('campaigns.create', {
    name: 'Ghé lại nhé',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'amount', amount: 20_000 },
    minPurchase: 100_000,
    validFrom: '2026-01-01',
    validTo: '2099-12-31',
    holdoutPercent: 0,
  });
  await shop.api('campaigns.issue', { id: campaign.id });
  const coupons = await shop.api<{ items: { code: string; customerId: string | null }[] }>('campaigns.coupons', { id: campaign.id });
  const hungCode = coupons.items.find((c) => c.customerId === hung.id)!.code;

  await page.goto(shop.url);
  const search = page.getByTestId('counter-search');
  const amount = page.getByTestId('sale-amount');
  const coupon = page.getByTestId('sale-coupon');
  const who = page.getByTestId('counter-customer');
  const saved = page.getByTestId('sale-saved');
  await expect(search).toBeFocused();

  // Đào swipes and pays part with points: amount, Tab to the points field, Enter.
  await swipeCard(page, dao.card);
  await expect(who).toContainText('Nguyễn Thị Đào');
  await expect(amount).toBeFocused();
  await typed(page, '300000');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(page.getByTestId('sale-points')).toBeFocused();
  await typed(page, '100');
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('for Nguyễn Thị Đào');
  await expect(saved).toContainText('100 points used');
  await expect(page.getByTestId('walk-in')).toBeVisible();
  await expect(search).toBeFocused();

  // A walk-in: Enter on the empty search goes to the amount.
  await page.keyboard.press('Enter');
  await expect(amount).toBeFocused();
  await typed(page, '35000');
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('walk-in purchase of ₫35,000');
  await expect(page.getByTestId('today-summary')).toContainText('3 purchases');

  // Hùng swipes, the cashier types his amount and his coupon, then he steps aside (Esc): what was
  // typed for him goes with him, or the next walk-in's Enter would record it, as his.
  await swipeCard(page, hung.card);
  await expect(who).toContainText('Trần Văn Hùng');
  await typed(page, '200000');
  await coupon.focus();
  await typed(page, hungCode);
  await expect(page.getByTestId('coupon-preview')).toContainText('for Trần Văn Hùng');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('walk-in')).toBeVisible();
  await expect(search).toBeFocused();
  await expect(amount).toHaveValue('');
  await expect(coupon).toHaveValue('');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  expect(shop.salesCount()).toBe(3);

  // He comes back without his card but with his coupon: the counter says the sale will be his.
  await typed(page, '150000');
  await coupon.focus();
  await typed(page, hungCode);
  await expect(page.getByTestId('points-preview')).toHaveText("Goes to Trần Văn Hùng, the coupon's holder: earns 13 points");
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('Recorded ₫130,000 for Trần Văn Hùng');

  // Mai has no card: found by typing her unaccented name. Wrong amounts are refused at the field.
  await search.focus();
  await typed(page, 'vo thi mai');
  await expect(page.getByRole('option', { name: /Võ Thị Mai/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(who).toContainText('Võ Thị Mai');
  for (const [text, message] of [
    ['0', 'more than zero'],
    ['-5000', 'more than zero'],
    ['abc', 'This is not an amount'],
    ['99999999999999', 'too large'],
  ] as const) {
    await amount.fill(text);
    await amount.press('Enter');
    await expect(page.getByText(message)).toBeVisible();
  }
  // An implausible amount asks first; a card swiped meanwhile closes the question, so "record it
  // anyway" can never record Mai's doubtful amount for Hùng.
  await amount.fill('250000000');
  await amount.press('Enter');
  await expect(page.getByTestId('amount-doubt')).toBeVisible();
  await swipeCard(page, hung.card);
  await expect(who).toContainText('Trần Văn Hùng');
  await expect(page.getByTestId('amount-doubt')).toBeHidden();
  await page.keyboard.press('Escape');
  expect(shop.salesCount()).toBe(4);
  // Mai again, "1.000.000" the Vietnamese way.
  await search.focus();
  await typed(page, 'mai');
  await expect(page.getByRole('option', { name: /Võ Thị Mai/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(amount).toBeFocused();
  await typed(page, '1.000.000');
  await expect(page.getByTestId('amount-preview')).toHaveText('= ₫1,000,000');
  await page.keyboard.press('Enter');
  await expect(saved).toContainText('Recorded ₫1,000,000 for Võ Thị Mai: +100 points, balance 100.');

  // Ctrl+P right after the sale opens its receipt with Print focused; Esc comes back to the counter.
  await page.keyboard.press('Control+p');
  await expect(page).toHaveURL(/#\/receipt\//);
  await expect(page.getByTestId('printable-receipt')).toContainText('Võ Thị Mai');
  await expect(page.getByTestId('receipt-print')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(search).toBeFocused();

  // The walk-in's ₫35,000 was rung up by mistake: voided with a reason.
  const walkInRow = page.getByTestId('sale-row').filter({ hasText: '₫35,000' });
  await walkInRow.getByTestId('void-sale').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await typed(page, 'Rung up twice');
  await page.keyboard.press('Enter');
  await expect(walkInRow).toContainText('Voided');
  await expect(page.getByTestId('today-summary')).toContainText('4 purchases');

  // In the data: each sale went to its own customer, nothing to the one before.
  const today = (await shop.api<{ sales: Sale[] }>('sales.today', {})).sales;
  const name = (id: string | null): string => (id === dao.id ? 'Đào' : id === hung.id ? 'Hùng' : id === mai.id ? 'Mai' : 'walk-in');
  expect(today.map((s) => [name(s.customerId), s.amount, s.pointsRedeemed, Boolean(s.couponCode), Boolean(s.voidedAt)]).reverse()).toEqual([
    ['Đào', 1_500_000, 0, false, false],
    ['Đào', 290_000, 100, false, false],
    ['walk-in', 35_000, 0, false, true],
    ['Hùng', 130_000, 0, true, false],
    ['Mai', 1_000_000, 0, false, false],
  ]);
  expect(await stats(shop, dao.id)).toMatchObject({ visits: 2, pointsBalance: 150 - 100 + 29 });
  // Her page: both purchases, and the points of the day expire on one line.
  await shop.open(page, `/customers/${dao.id}`);
  await expect(page.getByTestId('sale-row')).toHaveCount(2);
  await expect(page.getByTestId('points-expiring-row')).toHaveCount(1);
  await expect(page.getByTestId('points-expiring-row')).toContainText('79 points on');
  expect(await stats(shop, hung.id)).toMatchObject({ visits: 1, pointsBalance: 13, totalSpend: 130_000 });
  expect(await stats(shop, mai.id)).toMatchObject({ visits: 1, pointsBalance: 100, totalSpend: 1_000_000 });
});

/** Nothing on the screen reads like a catalogue key, nothing scrolls sideways, no figure or badge is cut short. */
async function checkScreen(page: Page, what: string): Promise<void> {
  // A script, not a function: the e2e files are compiled without the DOM's types.
  const found = await page.evaluate<{ keys: string[]; cut: string[]; scrollWidth: number }>(`(() => {
    const keys = document.body.innerText.match(/\\b(?:common|counter|customers?|stats|sales|reports|receipt|coupon|points|tiers|feedback|nav|errors|money)\\.[a-zA-Z]+/g);
    const shown = '.mantine-SimpleGrid-root p, .mantine-Badge-label, [data-testid="member-phone"], [data-testid="list-heading"] p';
    const cut = [...document.querySelectorAll(shown)].filter((p) => p.scrollWidth > p.clientWidth + 1).map((p) => p.textContent);
    return { keys: keys ?? [], cut, scrollWidth: document.documentElement.scrollWidth };
  })()`);
  expect(found.keys, `${what}: key strings`).toEqual([]);
  expect(found.cut, `${what}: figures or badges cut short`).toEqual([]);
  expect(found.scrollWidth, `${what}: sideways scroll`).toBeLessThanOrEqual(1024);
}

for (const [lang, oneSale, word, saleAction, amountText] of [
  ['en', '1 purchase ·', 'Purchase history', 'Sale', 'Amount: ₫12,345,000'],
  ['vi', '1 giao dịch ·', 'Lịch sử mua hàng', 'Bán hàng', 'Số tiền: 12.345.000 ₫'],
  ['zh-Hant', '1 筆 ·', '消費紀錄', '銷售', '金額：₫12,345,000'],
] as const) {
  test(`${lang} at 1024×700: the counter, a customer page, segment members, the dashboard and the audit log show everything, translated`, async ({
    page,
    shop,
  }) => {
    await page.addInitScript({ content: `localStorage.setItem('regulars.language', '${lang}')` });
    const dao = await member(shop, 'Nguyễn Thị Phương Thảo', '0901 234 567');
    await shop.api('sales.record', { customerId: dao.id, amount: 1_377_000, note: 'bánh kem sinh nhật' });
    await shop.open(page, '/counter');
    await expect(page.getByTestId('today-summary')).toContainText(oneSale);
    await checkScreen(page, `${lang} counter`);

    await shop.api('sales.record', { customerId: dao.id, amount: 12_345_000 });
    await shop.open(page, `/customers/${dao.id}`);
    await expect(page.getByText(word)).toBeVisible();
    await expect(page.getByTestId('stat-total')).toHaveText(/13[.,]722[.,]000/);
    await expect(page.getByTestId('card-history')).toBeVisible();
    await checkScreen(page, `${lang} customer`);

    // A segment's member list: the phone numbers and the headings whole.
    await shop.api('customers.create', { fullName: '陳美玲', phone: '+886 912 345 678' });
    await shop.open(page, '/segments/new');
    await expect(page.getByTestId('member-phone').filter({ hasText: '+886 912 345 678' })).toBeVisible();
    await checkScreen(page, `${lang} segment members`);

    await shop.open(page, '/reports');
    await expect(page.getByTestId('kpi-revenue')).toHaveText(/13[.,]722[.,]000/);
    await checkScreen(page, `${lang} dashboard`);

    // The audit log, filtered to purchases: the details in words, amounts as money,
    // no record ids or field names; the customer's link opens her page.
    await shop.open(page, '/audit');
    await page.getByTestId('audit-action').click();
    await page.keyboard.type(saleAction, { delay: 60 });
    await page.getByRole('option', { name: saleAction, exact: true }).click();
    const rows = page.getByTestId('audit-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.first().getByTestId('audit-till')).toHaveText('1');
    await expect(rows.first().getByTestId('audit-detail')).toContainText(amountText);
    await expect(page.getByTestId('audit-table')).not.toContainText(/customerId|amount:|[0-9a-f]{8}-[0-9a-f]{4}/);
    await checkScreen(page, `${lang} audit log`);
    await rows.first().getByTestId('audit-customer').click();
    await expect(page.getByText(word)).toBeVisible();
  });
}

test('the owner makes a campaign in Vietnamese: a missing name is said at the name, then draft, issue and the printed coupon list', async ({
  page,
  shop,
}) => {
  await page.addInitScript({ content: "localStorage.setItem('regulars.language', 'vi')" });
  for (const [fullName, phone] of [
    ['Nguyễn Thị Đào', '0901 234 567'],
    ['陳美玲', '+886 912 345 678'],
  ])
    await shop.api('customers.create', { fullName, phone });
  await shop.open(page, '/campaigns');
  await page.getByTestId('new-campaign').click();
  const name = page.getByTestId('cp-name');
  await expect(name).toBeFocused();
  await page.getByTestId('cp-lifecycle').click();
  await page.getByRole('option', { name: 'Chưa mua lần nào' }).click();
  await expect(page.getByTestId('cp-live-count')).toContainText('2');
  // Enter with no name: the refusal is under the name, which has the focus, and nothing is created.
  await name.focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('campaign-form')).toContainText('Vui lòng nhập mục này.');
  await expect(name).toBeFocused();
  expect((await shop.api<unknown[]>('campaigns.list', {})).length).toBe(0);
  await typed(page, 'Tết: ghé lại nhé');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('campaign-status')).toHaveText('Chưa phát');
  await page.getByTestId('issue-campaign').click();
  await expect(page.getByTestId('campaign-status')).toHaveText('Đã phát');
  await expect(page.getByTestId('coupon-row')).toHaveCount(2);
  await page.getByTestId('print-coupon-list').click();
  const list = page.getByTestId('printable-coupon-list');
  await expect(list).toContainText('Nguyễn Thị Đào');
  await expect(list).toContainText('陳美玲');
  await checkScreen(page, 'vi campaign');
});

test('a new customer by keyboard: a Vietnamese name, a phone someone already has, then found by unaccented text and opened with Enter', async ({
  page,
  shop,
}) => {
  await shop.api('customers.create', { fullName: 'Lê Thị Hồng', phone: '0901 234 567' });
  await shop.open(page, '/customers');
  const search = page.getByTestId('customer-search');
  await expect(search).toBeFocused();
  await page.getByTestId('new-customer').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cf-name')).toBeFocused();
  await typed(page, 'Đặng Thị Ngọc Ánh');
  await page.keyboard.press('Tab');
  await typed(page, '0901-234-567');
  await page.keyboard.press('Enter');
  // The same phone in another form: asked first, then saved on purpose.
  await expect(page.getByTestId('duplicate-warning')).toContainText('Lê Thị Hồng');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('customer-name')).toHaveText('Đặng Thị Ngọc Ánh');

  // Found without the accents and opened with Enter; the down arrow walks the list.
  await page.getByTestId('nav-customers').click();
  await expect(search).toBeFocused();
  await typed(page, 'dang thi ngoc anh');
  await expect(page.getByTestId('customer-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('customer-name')).toHaveText('Đặng Thị Ngọc Ánh');
  await page.getByTestId('nav-customers').click();
  await typed(page, '567');
  await expect(page.getByTestId('customer-row')).toHaveCount(2);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('customer-row').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('customer-row').nth(1)).toBeFocused();
  const second = (await page.getByTestId('customer-row').nth(1).innerText()).split('\n')[0]!;
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('customer-name')).toHaveText(second);
});

test('the owner sets the loyalty rules by keyboard in Traditional Chinese: points worth money, and a tier', async ({ page, shop }) => {
  await page.addInitScript({ content: "localStorage.setItem('regulars.language', 'zh-Hant')" });
  await shop.open(page, '/settings');
  await page.getByTestId('settings-spend-points').focus();
  await typed(page, '100');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('settings-spend-value')).toBeFocused();
  await typed(page, '10.000');
  await page.keyboard.press('Enter');
  await expect
    .poll(async () => (await shop.api<{ pointsValue: unknown }>('settings.get', {})).pointsValue)
    .toEqual({ points: 100, value: 10_000 });

  // A tier: Enter on "add" puts the focus in the new tier's name.
  await page.getByTestId('tier-add').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tier-name')).toBeFocused();
  await typed(page, '金卡');
  await page.keyboard.press('Tab');
  await typed(page, '1.000.000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('tier-rule')).toContainText('等級已儲存');
  expect(await shop.api('tiers.getRule', {})).toMatchObject({ tiers: [{ name: '金卡', minSpend: 1_000_000 }] });
  await checkScreen(page, 'zh-Hant settings');
});
