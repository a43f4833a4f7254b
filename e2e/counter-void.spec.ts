/** Voiding from the counter at small screens, with words that cannot be mistaken (issue 13 item 4). */
import { expect, test } from './fixtures';

const LONG_NOTE = 'Bánh kem sinh nhật ba tầng, chữ "Chúc mừng sinh nhật bà nội 80 tuổi", giao lúc 17 giờ tại số 12 Nguyễn Thị Minh Khai';

for (const viewport of [
  { width: 1024, height: 700 },
  { width: 1366, height: 768 },
]) {
  test(`the void action stays on screen at ${viewport.width}x${viewport.height} with a long note and a huge amount`, async ({
    page,
    shop,
  }) => {
    await page.setViewportSize(viewport);
    await page.addInitScript(() =>
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('regulars.language', 'vi'),
    );
    const c = await shop.api<{ id: string }>('customers.create', {
      fullName: 'Nguyễn Hoàng Phương Thảo Thị Minh Khai',
      phone: '0901 234 567',
    });
    await shop.api('sales.record', { customerId: c.id, amount: 1_000_000_000_000, note: LONG_NOTE });
    await shop.api('sales.record', { amount: 45_000, note: LONG_NOTE });
    await page.goto(shop.url);
    const rows = page.getByTestId('sale-row');
    await expect(rows).toHaveCount(2);
    // Nothing wider than the window, and every void button wholly inside it.
    const scrollWidth = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
    for (const row of await rows.all()) {
      const button = row.getByTestId('void-sale');
      await expect(button).toBeInViewport({ ratio: 1 });
      const box = (await button.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    }
    // The long note is cut short on screen, and whole in its title.
    await expect(rows.nth(0).getByTestId('sale-detail')).toHaveAttribute('title', new RegExp(LONG_NOTE.slice(0, 20)));
    await page.screenshot({ path: `/tmp/pw-counter/void-${viewport.width}.png` });

    // The huge one (the older row, below) is voided; the dialog's two answers cannot be confused.
    const huge = rows.filter({ hasText: /1[.,]000[.,]000[.,]000[.,]000/ });
    await huge.getByTestId('void-sale').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('void-keep')).toHaveText('Giữ lại');
    await expect(dialog.getByTestId('void-confirm')).toHaveText('Hủy giao dịch');
    await dialog.getByLabel('Lý do').fill('Gõ nhầm số tiền');
    await dialog.getByTestId('void-confirm').click();
    await expect(huge).toContainText('Đã hủy');
    await expect(page.getByTestId('today-summary')).toContainText('1 giao dịch');
  });
}
