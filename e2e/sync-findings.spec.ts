/**
 * "Found while syncing" on the Sync page (issue 18) at 1024×700, by keyboard: a single-use flyer code
 * used at this till and, before they synced, at another till (its feed file in the shared folder).
 * Sync now keeps both purchases and lists the coupon used twice, with the way to its campaign; the
 * owner marks it seen, and it waits behind "Show the one marked seen".
 */
import { expect, OTHER_TILL, test } from './syncTills';

test.use({ viewport: { width: 1024, height: 700 } });

const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

test('a coupon used at two tills before they synced is found and shown, with its campaign a key press away', async ({
  page,
  shop,
  tills,
}) => {
  const campaign = await shop.api<{ id: string }>('campaigns.create', {
    name: 'Tờ rơi khai trương',
    audience: { kind: 'flyer', usageLimit: 1 },
    offer: { kind: 'amount', amount: 20_000 },
    minPurchase: 50_000,
    validFrom: day(-3),
    validTo: day(30),
  });
  const issued = await shop.api<{ sharedCode: string }>('campaigns.issue', { id: campaign.id });
  const coupons = await shop.api<{ items: { id: string }[] }>('campaigns.coupons', { id: campaign.id });
  await shop.api('sales.record', { amount: 60_000, couponCode: issued.sharedCode });

  // Till 2 used the same code before the tills synced: its first feed file, in the shared folder.
  const at = Date.now() - 60_000;
  const sale = {
    id: [OTHER_TILL, 1],
    customer: null,
    card: null,
    total: 50_000,
    points: 0,
    note: null,
    sold_at: at,
    created_at: at,
    voided_at: null,
    void_reason: null,
    source: null,
    receipt_ref: null,
    amount_before: 70_000,
    points_redeemed: 0,
    redeemed_value: 0,
    coupon: coupons.items[0]!.id,
  };
  tills.writeFeed(OTHER_TILL, [
    { t: 'installs', list: [{ id: OTHER_TILL, tag: 2 }] },
    { t: 'sale', sale },
    { t: 'marks', change_seq: 0, sale_key: 1, ledger_key: 0, hlc: at * 1024 },
  ]);

  await tills.openSync(page);
  await expect(page.getByTestId('sync-findings-none')).toBeVisible();
  await tills.syncNow(page);
  await expect(page.getByTestId('sync-received')).toContainText('till 2');

  const finding = page.getByTestId('sync-finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText(`Coupon ${issued.sharedCode} (Tờ rơi khai trương) was used 2 times, but it allows 1`);
  await expect(finding).toContainText('till 1, till 2');
  expect(shop.salesCount()).toBe(2);
  await expect(page.getByTestId('sync-title-unseen')).toHaveText('1 new');
  await expect(page.getByTestId('sync-findings-unseen')).toHaveText('1 new');

  // The owner marks it seen by keyboard: it leaves the list and the count, and waits behind the toggle.
  const seen = finding.getByTestId('sync-finding-seen');
  await seen.scrollIntoViewIfNeeded();
  await expect(seen).toBeInViewport();
  await seen.focus();
  await expect(seen).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(finding).toHaveCount(0);
  await expect(page.getByTestId('sync-findings-all-seen')).toContainText('One finding is marked seen');
  await expect(page.getByTestId('sync-title-unseen')).toHaveCount(0);
  const toggle = page.getByRole('switch', { name: 'Show the one marked seen' });
  await toggle.focus();
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Space');
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute('data-seen', 'true');
  await expect(finding.getByTestId('sync-finding-seen')).toHaveText('Mark unseen');

  const open = finding.getByTestId('sync-finding-campaign');
  await open.scrollIntoViewIfNeeded();
  await expect(open).toBeInViewport();
  // Reached by Tab like any button, opened with Enter.
  await open.focus();
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/campaigns/${campaign.id}$`));
});
