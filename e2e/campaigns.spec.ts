/** Campaigns and coupons (issue 15): from a lifecycle group to coupons, and a coupon at the counter on the right and the wrong customer. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, swipeCard, test, type Shop } from './fixtures';

async function member(shop: Shop, fullName: string, phone: string): Promise<{ id: string; card: string }> {
  const c = await shop.api<{ id: string }>('customers.create', { fullName, phone });
  const card = await shop.api<{ number: string }>('cards.issue', { customerId: c.id });
  return { id: c.id, card: card.number };
}

test('the owner creates a campaign for a lifecycle group and issues it; the counter takes its coupons', async ({ page, shop }) => {
  const dao = await member(shop, 'Nguyễn Thị Đào', '0901 234 567');
  const hung = await member(shop, 'Trần Văn Hùng', '0988 111 222');
  await page.goto(shop.url);

  // A campaign for everyone who never bought: 10% off from 100,000, with today's count shown live.
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('new-campaign').click();
  await page.getByTestId('cp-name').fill('Ghé lại nhé');
  await page.getByTestId('cp-lifecycle').click();
  await page.getByRole('option', { name: 'Never bought' }).click();
  await expect(page.getByTestId('cp-live-count')).toHaveText('2 customers today');
  await page.getByTestId('cp-min').fill('100.000');
  await page.getByTestId('cp-create').click();

  await expect(page.getByTestId('campaign-name')).toHaveText('Ghé lại nhé');
  await expect(page.getByTestId('campaign-status')).toHaveText('Not issued');
  await page.getByTestId('issue-campaign').click();
  await expect(page.getByTestId('campaign-status')).toHaveText('Issued');
  await expect(page.getByTestId('campaign-coupons')).toHaveText('2');
  await expect(page.getByTestId('coupon-row')).toHaveCount(2);
  const daoCode = (await page.getByTestId('coupon-row').filter({ hasText: 'Nguyễn Thị Đào' }).getByTestId('coupon-code').textContent())!;
  expect(daoCode).toMatch(/^[A-Y2-9]{3}-[A-Y2-9]{3}-[A-Y2-9]{3}$/);

  // Hùng swipes his card and tries Đào's coupon: the counter says whose it is before Enter, and Enter refuses it.
  await swipeCard(page, hung.card);
  await expect(page.getByTestId('counter-customer')).toContainText('Trần Văn Hùng');
  await page.getByTestId('sale-amount').fill('200000');
  await page.getByTestId('sale-coupon').fill(daoCode.toLowerCase().replace(/-/g, ' '));
  await expect(page.getByText('belongs to Nguyễn Thị Đào')).toBeVisible();
  await page.getByTestId('sale-coupon').press('Enter');
  await expect(page.getByTestId('sale-saved')).toHaveCount(0);
  expect((await shop.api<{ sales: unknown[] }>('sales.today', {})).sales).toHaveLength(0);

  // Đào scans her coupon from another screen and swipes her card: the discount shows before Enter.
  await page.getByTestId('nav-customers').click();
  await swipeCard(page, daoCode.replace(/-/g, ''));
  await expect(page.getByTestId('sale-coupon')).toHaveValue(daoCode.replace(/-/g, ''));
  await swipeCard(page, dao.card);
  await expect(page.getByTestId('counter-customer')).toContainText('Nguyễn Thị Đào');
  await page.getByTestId('sale-amount').fill('200000');
  await expect(page.getByTestId('coupon-preview')).toContainText('−₫20,000 · to pay ₫180,000');
  await expect(page.getByTestId('points-preview')).toContainText('18');
  await page.getByTestId('sale-amount').press('Enter');
  await expect(page.getByTestId('sale-saved')).toContainText('₫180,000');
  await expect(page.getByTestId('sale-saved')).toContainText(`Coupon ${daoCode} used.`);
  await expect(page.getByTestId('sale-coupon')).toHaveValue('');
  await expect(page.getByTestId('sale-coupon-discount')).toHaveText('−₫20,000 coupon');
  const sales = (
    await shop.api<{ sales: { amount: number; amountBefore: number; couponCode: string; customerId: string }[] }>('sales.today', {})
  ).sales;
  expect(sales).toEqual([
    expect.objectContaining({ amount: 180_000, amountBefore: 200_000, couponCode: daoCode.replace(/-/g, ''), customerId: dao.id }),
  ]);

  // Used once, it is refused the second time, saying when.
  await swipeCard(page, dao.card);
  await page.getByTestId('sale-amount').fill('150000');
  await page.getByTestId('sale-coupon').fill(daoCode);
  await expect(page.getByText(`Coupon ${daoCode} was already used`)).toBeVisible();

  // The campaign's page shows the use.
  await page.getByTestId('nav-campaigns').click();
  await page.getByTestId('campaign-row').first().click();
  await expect(page.getByTestId('res-redeemed')).toHaveText('1');
  await expect(page.getByTestId('res-revenue')).toHaveText('₫180,000');
  await expect(page.getByTestId('coupon-row').filter({ hasText: 'Nguyễn Thị Đào' })).toContainText('Used');
});

test('the coupon sheet prints on A4, eight a page, and a scanner reads every barcode back as its coupon', async ({
  page,
  shop,
}, testInfo) => {
  const names = [
    'Nguyễn Thị Ánh',
    'Trần Quốc Bảo',
    '陳美玲',
    'Lê Văn Cường',
    'Phạm Thu Hà',
    'Hoàng Minh',
    'Võ Thị Lan',
    'Đặng Văn Nam',
    'Bùi Thị Mai',
    '王小明',
  ];
  for (const fullName of names) await shop.api('customers.create', { fullName });
  const campaign = await shop.api<{ id: string }>('campaigns.create', {
    name: 'Tết',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'amount', amount: 20_000 },
    minPurchase: 100_000,
    validFrom: '2026-01-01',
    validTo: '2099-12-31',
  });
  await shop.api('campaigns.issue', { id: campaign.id });
  const coupons = await shop.api<{ items: { code: string; customerName: string }[] }>('campaigns.coupons', { id: campaign.id });
  expect(coupons.items).toHaveLength(10);

  await shop.open(page, `/campaigns/${campaign.id}`);
  // The button opens the print dialog once the sheet is in the page; headless Chromium has no
  // dialog (and would keep the page "being printed"), so the test counts the call and prints the
  // page to PDF itself, as the dialog's "Save as PDF" does.
  await page.evaluate(() => {
    const w = globalThis as unknown as { printed: number; print(): void };
    w.printed = 0;
    w.print = () => void w.printed++;
  });
  await page.getByTestId('print-coupons').click();
  await expect(page.getByTestId('printable-coupon')).toHaveCount(10);
  expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const pdfPath = testInfo.outputPath('coupons.pdf');
  await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });

  // Two A4 portrait pages (595 × 842 pt).
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  expect(info).toMatch(/Pages:\s+2\b/);
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  expect(Number(w)).toBeCloseTo(595.3, 0);
  expect(Number(h)).toBeCloseTo(841.9, 0);

  // Rendered as a printer would, every barcode reads back as a coupon of the database, each once.
  const base = testInfo.outputPath('coupons');
  execFileSync('pdftoppm', ['-png', '-r', '300', pdfPath, base]);
  const pngs = fs.readdirSync(testInfo.outputDir).filter((f) => f.startsWith('coupons') && f.endsWith('.png'));
  expect(pngs).toHaveLength(2);
  const decoded = pngs.flatMap((f) =>
    execFileSync('zbarimg', ['--quiet', '--raw', `${testInfo.outputDir}/${f}`], { encoding: 'utf8' })
      .trim()
      .split('\n'),
  );
  expect(decoded.sort()).toEqual(coupons.items.map((c) => c.code).sort());

  const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' });
  for (const c of coupons.items) {
    expect(text).toContain(c.customerName);
    expect(text.replace(/\s/g, '')).toContain(c.code.replace(/(.{3})(?=.)/g, '$1-'));
  }
  expect(text).toContain('Cà Phê Góc Phố');
  expect(text).toContain('₫20,000 off');
  expect(text).not.toContain('Campaigns');

  // The coupon list: who, and their code, on A4 landscape.
  await page.getByTestId('print-coupon-list').click();
  await expect(page.getByTestId('printable-coupon-list')).toBeAttached();
  expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(2);
  await page.emulateMedia({ media: 'print' });
  const listPath = testInfo.outputPath('coupon-list.pdf');
  await page.pdf({ path: listPath, preferCSSPageSize: true, printBackground: true });
  const listInfo = execFileSync('pdfinfo', [listPath], { encoding: 'utf8' });
  expect(listInfo).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/);
  const list = execFileSync('pdftotext', ['-layout', listPath, '-'], { encoding: 'utf8' });
  for (const c of coupons.items) {
    const line = list.split('\n').find((l) => l.includes(c.customerName))!;
    expect(line).toContain(c.code.replace(/(.{3})(?=.)/g, '$1-'));
    expect(line).toContain('Not used yet');
  }
});
