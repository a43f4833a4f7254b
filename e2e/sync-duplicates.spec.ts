/**
 * Possible duplicates after a sync (issue 18) at 1024×700, by keyboard: a regular entered at this
 * till and, before the tills synced, at a second till (a real copy of this shop, its customer added
 * by the real command line, its feed written by the real `sync` command). Sync now keeps both and
 * names the pair, with each customer's page a key press away to merge them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli } from './fixtures';
import { expect, test } from './syncTills';

test.use({ viewport: { width: 1024, height: 700 } });

test('a regular entered at two tills before they synced is named as a possible duplicate, one key press from merging', async ({
  page,
  shop,
  tills,
}) => {
  const here = await shop.api<{ id: string }>('customers.create', { fullName: 'Lê Văn Cường', phone: '0987 654 321' });

  // Till 2: a copy of this shop (as a second till is set up), then the same person entered there.
  const till2 = tills.copyShop();
  const csv = path.join(path.dirname(till2), 'customers.csv');
  fs.writeFileSync(csv, 'name,phone\nLe Van Cuong,+84 987 654 321\n');
  cli('import-customers', csv, '--data-dir', till2, '--on-duplicate', 'create');
  tills.syncTill(till2);

  await tills.openSync(page);
  await tills.syncNow(page);
  await expect(page.getByTestId('sync-received')).toContainText('till 2');

  const pair = page.getByTestId('sync-duplicate');
  await expect(pair).toHaveCount(1);
  await expect(pair).toContainText('Lê Văn Cường');
  await expect(pair).toContainText('Le Van Cuong');
  await expect(pair).toContainText('have the same phone number');

  const open = pair.getByRole('button', { name: /Lê Văn Cường/ });
  await open.scrollIntoViewIfNeeded();
  await expect(open).toBeInViewport();
  await open.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/customers/${here.id}$`));
});
