import { expect, test } from './fixtures';

// The answer to a purchase is lost on the way back (browser mode on a flaky connection): the
// sale is recorded, the page only sees a network error, and the cashier presses Record again.
test('a purchase retried after its answer was lost is recorded once', async ({ page, shop }) => {
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
  await expect(page.getByText('Something went wrong')).toBeVisible();
  expect((await shop.api<{ count: number }>('sales.today', {})).count).toBe(1);

  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('sale-saved')).toBeVisible();
  expect((await shop.api<{ count: number }>('sales.today', {})).count).toBe(1);

  // The next purchase, even of the same amount, is a new one.
  await page.getByTestId('sale-amount').fill('45.000');
  await page.getByTestId('record-sale').click();
  await expect(page.getByTestId('today-summary')).toContainText('2');
  expect((await shop.api<{ count: number }>('sales.today', {})).count).toBe(2);
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
