/**
 * Clocks that drift (issue 18): another till's feed written by a computer whose clock runs an hour
 * fast is still taken in, and the Sync page says beside that till how far ahead its clock is.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

/** A whole feed file as another till writes it (sync/feedFile.ts): a header line, then one JSON entry per line. */
function feedFile(install: string, seq: number, entries: unknown[]): Buffer {
  const body = Buffer.from(entries.map((e) => JSON.stringify(e) + '\n').join(''), 'utf8');
  const sha256 = crypto.createHash('sha256').update(body).digest('hex');
  const header = { regularsFeed: 1, install, seq, entries: entries.length, bytes: body.length, sha256 };
  return Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]);
}

test('a till whose clock runs an hour fast is synced, and the Sync page warns beside it', async ({ page, shop }) => {
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-e2e-clock-'));
  const other = '01936b2e-0000-7000-8000-0000000000cc';
  const dir = path.join(shared, 'regulars-sync', other);
  fs.mkdirSync(dir, { recursive: true });
  const fast = Date.now() + 60 * 60_000;
  fs.writeFileSync(
    path.join(dir, '00000001.feed'),
    feedFile(other, 1, [
      { t: 'installs', list: [{ id: other, tag: 2 }] },
      { t: 'marks', change_seq: 0, sale_key: 0, ledger_key: 0, hlc: fast * 1024, clock: fast },
    ]),
  );
  await shop.api('sync.setFolder', { folder: shared });
  await shop.open(page, '/sync');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-result')).toContainText('Last sync:');
  const warning = page.getByTestId('sync-peer-clock-warning');
  await expect(warning).toContainText(/at least (59|60) min ahead of this till/);
  await expect(warning).toContainText('Set the computers to the right time');
  await expect(page.getByTestId('sync-refused')).toHaveCount(0);
  fs.rmSync(shared, { recursive: true, force: true });
});
