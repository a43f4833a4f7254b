/**
 * A draft campaign issued on two tills before they synced (issue 18) at 1024×700, by keyboard: a
 * real copy of this shop (till 2) issues it, its feed written by the real `sync` command, and this
 * till issues it too. Sync now lists the campaign issued twice; the owner withdraws the later issue
 * (this till's, by the clock) after being asked once more, and the finding goes.
 */
import { dispatch } from '../src/main/api/dispatch';
import { openBackend } from '../src/main/backend';
import { expect, test } from './syncTills';

test.use({ viewport: { width: 1024, height: 700 } });

test('a campaign issued at two tills before they synced is found, and the later issue is withdrawn from the Sync page', async ({
  page,
  shop,
  tills,
}) => {
  await shop.api('customers.create', { fullName: 'Phạm Thu Hà', phone: '0903 222 333' });
  const today = new Date().toISOString().slice(0, 10);
  const campaign = await shop.api<{ id: string }>('campaigns.create', {
    name: 'Chào khách mới',
    audience: { kind: 'lifecycle', group: 'never_bought' },
    offer: { kind: 'amount', amount: 15_000 },
    minPurchase: 50_000,
    validFrom: today,
    validTo: today,
  });

  // Till 2: a copy of this shop with the draft, issued there first.
  const till2 = tills.copyShop();
  const other = await openBackend(till2);
  try {
    expect(await dispatch(other.ctx, 'campaigns.issue', { id: campaign.id })).toMatchObject({ ok: true });
  } finally {
    await other.close();
  }
  tills.syncTill(till2);
  // This till issues it too, later.
  await shop.api('campaigns.issue', { id: campaign.id });

  await tills.openSync(page);
  await tills.syncNow(page);
  await expect(page.getByTestId('sync-received')).toContainText('till 2');

  const finding = page.locator('[data-testid="sync-finding"][data-kind="campaign_issued_twice"]');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('Campaign “Chào khách mới” was issued on two tills before they synced');
  await expect(finding).toContainText('holding two now: 1');
  await expect(finding).toContainText('till 1, till 2');

  const withdraw = finding.getByTestId('sync-finding-withdraw');
  await withdraw.scrollIntoViewIfNeeded();
  await expect(withdraw).toBeInViewport();
  await withdraw.focus();
  await expect(withdraw).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(finding.getByTestId('sync-finding-withdraw-ask')).toContainText('Cancel the 1 unused coupon of the later issue?');
  const yes = finding.getByTestId('sync-finding-withdraw-yes');
  await yes.focus();
  await expect(yes).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sync-finding-withdrawn')).toContainText('1 coupon of the later issue cancelled');
  await expect(finding).toHaveCount(0);

  // The later issue's coupon is cancelled; the first one's stays.
  const coupons = await shop.api<{ items: { code: string; state: string }[] }>('campaigns.coupons', { id: campaign.id });
  expect(coupons.items.map((k) => k.state).sort()).toEqual(['issued', 'void']);
});
