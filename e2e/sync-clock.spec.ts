/**
 * Clocks that drift (issue 18): another till's feed written by a computer whose clock runs an hour
 * fast is still taken in, and the Sync page says beside that till how far ahead its clock is.
 */
import { expect, OTHER_TILL, test } from './syncTills';

test('a till whose clock runs an hour fast is synced, and the Sync page warns beside it', async ({ page, tills }) => {
  const fast = Date.now() + 60 * 60_000;
  tills.writeFeed(OTHER_TILL, [
    { t: 'installs', list: [{ id: OTHER_TILL, tag: 2 }] },
    { t: 'marks', change_seq: 0, sale_key: 0, ledger_key: 0, hlc: fast * 1024, clock: fast },
  ]);
  await tills.openSync(page);
  await tills.syncNow(page);
  await expect(page.getByTestId('sync-result')).toContainText('Last sync:');
  const warning = page.getByTestId('sync-peer-clock-warning');
  await expect(warning).toContainText(/at least (59|60) min ahead of this till/);
  await expect(warning).toContainText('Set the computers to the right time');
  await expect(page.getByTestId('sync-refused')).toHaveCount(0);
});
