import { expect, test } from './fixtures';

// The answer to a purchase is lost on the way back (browser mode on a flaky connection): the sale
// is recorded, the page only sees a network error. The page sends it again with the same key and
// the server answers with the first result: one sale, and the cashier is told it was saved.
test('a purchase whose answer was lost is sent again and recorded once', async ({ page, shop }) => {
  let lost = 0;
  await page.route('**/api/sales.record', async (route) => {
    if (lost === 0) {
      lost++;
      await route.fetch(); // reaches the server, which records the sale…
      await route.abort('connectionreset'); // …but the page never hears back
    } else await route.continue();
  });
  await page.goto(shop.url);
  await expect(page.getByTestId('shop-name')).toBeVisible();
  await page.getByTestId('sale-amount').fill('45.000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('sale-saved')).toBeVisible();
  expect(lost).toBe(1);
  expect(shop.salesCount()).toBe(1);

  // The next purchase, even of the same amount, is a new one.
  await page.getByTestId('sale-amount').fill('45.000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('today-summary')).toContainText('2');
  expect(shop.salesCount()).toBe(2);
});

// The connection stays down longer than the page keeps resending: it must not say "nothing was
// saved" (the first try did save), and pressing again once it is back records nothing twice.
test('a purchase whose connection stays down says so honestly, and pressing again records it once', async ({ page, shop }) => {
  let down = true;
  let reached = 0;
  await page.route('**/api/sales.record', async (route) => {
    if (!down) return route.continue();
    if (reached++ === 0) await route.fetch(); // the first try reaches the server and is recorded
    await route.abort('connectionreset');
  });
  await page.goto(shop.url);
  await expect(page.getByTestId('shop-name')).toBeVisible();
  await page.getByTestId('sale-amount').fill('45.000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByText('it will not be recorded twice')).toBeVisible();
  await expect(page.getByText('nothing was saved')).toHaveCount(0);
  expect(reached).toBe(4); // the first try and three resends with the same key
  expect(shop.salesCount()).toBe(1);

  down = false;
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('sale-saved')).toBeVisible();
  expect(shop.salesCount()).toBe(1);
});

test('a request over 10 MB from the page gets a 413 it can read, not a dropped connection', async ({ page, shop }) => {
  await page.goto(shop.url);
  await expect(page.getByTestId('shop-name')).toBeVisible();
  const answers = await page.evaluate(async (token) => {
    const out: { status: number; body: unknown }[] = [];
    for (let i = 0; i < 3; i++) {
      const csv = 'receipt,customer,date,amount\n' + 'x'.repeat(11 * 1024 * 1024);
      const res = await fetch('/api/imports.inspect', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ csv }),
      });
      out.push({ status: res.status, body: await res.json() });
    }
    return out;
  }, shop.token);
  for (const a of answers) expect(a).toMatchObject({ status: 413, body: { ok: false, error: { code: 'VALIDATION' } } });
});
