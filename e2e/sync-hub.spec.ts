/**
 * Sync now through the chain's hub (issue 18) at 1024×700, by keyboard, against a real PostgreSQL
 * server (test/pgServer.ts) that the shop's server process reaches on 127.0.0.1: the owner switches
 * from the folder to the hub, gives its address with a wrong password and reads why Sync now failed,
 * types the right one and syncs; the password never shows on the page and is not in the shop file.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { postgresMissing, startPostgres, type PgServer } from '../test/pgServer';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1024, height: 700 } });

let server: PgServer | null = null;
const role = `branch_e2e_${process.pid}`;
const secret = 'Mật-khẩu-chi-nhánh-7';

test.beforeAll(async () => {
  if (postgresMissing()) return;
  server = await startPostgres();
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    await c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${secret}'`);
    await c.query(`CREATE DATABASE hub_e2e OWNER ${role}`);
  } finally {
    await c.end();
  }
});
test.afterAll(() => server?.stop());

test('the owner points the till at the chain’s hub and syncs through it with the keyboard', async ({ page, shop }) => {
  test.skip(server === null, 'PostgreSQL is not installed on this machine');
  await shop.api('customers.create', { fullName: 'Phạm Minh Châu' });
  const url = server!.url.replace('postgres://regulars@', `postgres://${role}@`).replace(/\/postgres$/, '/hub_e2e');
  await shop.open(page, '/sync');
  await expect(page.getByText('This till has not synced yet.')).toBeVisible();
  await expect(page.getByTestId('sync-folder')).toBeVisible();

  // The folder is chosen; one arrow key chooses the hub instead.
  const folderChoice = page.getByTestId('sync-via-folder');
  await expect(folderChoice).toBeChecked();
  await folderChoice.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('sync-via-hub')).toBeChecked();
  await expect(page.getByTestId('sync-folder')).toHaveCount(0);
  const button = page.getByTestId('sync-now');
  await expect(button).toBeDisabled();

  // A path or address is pasted, not typed (typed this fast, with Enter, it would read as a card swipe).
  const address = page.getByTestId('sync-hub-url');
  await address.fill('mysql://root@db/shop');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Write the hub’s address as postgres://')).toBeVisible();

  await address.fill(url);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('sync-hub-password')).toBeFocused();
  await page.getByTestId('sync-hub-password').fill('Sai-mật-khẩu');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sync-hub-saved')).toBeVisible();
  await expect(page.getByTestId('sync-hub-password')).toHaveValue('');
  await expect(page.getByTestId('sync-hub-password-state')).toHaveText('A password is kept for this session.');
  await expect(page.getByTestId('sync-hub-current')).toContainText(`${role} at 127.0.0.1:`);

  await expect(button).toBeEnabled();
  // From the address field, one step back is Sync now.
  await address.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(button).toBeFocused();
  await expect(button).toBeInViewport();
  await page.screenshot({ path: '/tmp/pw-synchubui/hub-before.png' });
  await page.keyboard.press('Enter');
  const problem = page.getByTestId('sync-hub-problem');
  await expect(problem).toHaveAttribute('data-kind', 'auth');
  await expect(problem).toContainText(`The hub at 127.0.0.1:${new URL(url).port} refused ${role}: check the password`);
  await expect(page.getByTestId('sync-sent')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/pw-synchubui/hub-problem.png' });

  // The right password, typed again; the page keeps it nowhere.
  await page.getByTestId('sync-hub-password').fill(secret);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sync-hub-saved')).toBeVisible();
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sync-sent')).toHaveText('Sent to the other tills: 1 customer, 8 shop settings.');
  await expect(page.getByTestId('sync-ok')).toBeVisible();
  await expect(page.getByTestId('sync-hub-problem')).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(secret);
  expect(html).not.toContain('Sai-mật-khẩu');

  // The hub holds the feed; the shop's file holds no password.
  const c = new pg.Client({ connectionString: server!.url.replace(/\/postgres$/, '/hub_e2e') });
  await c.connect();
  try {
    expect((await c.query<{ n: number }>('SELECT count(*)::int AS n FROM regulars_feeds')).rows[0]!.n).toBe(1);
  } finally {
    await c.end();
  }
  for (const f of fs.readdirSync(shop.dataDir).filter((n) => n.startsWith('regulars.sqlite')))
    expect(fs.readFileSync(path.join(shop.dataDir, f)).toString('utf8')).not.toContain(secret);
});
