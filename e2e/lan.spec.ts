/**
 * LAN access (issue 19): the owner switches it on in Settings, `serve` started afterwards also
 * answers on this computer's network address, and a "tablet" (a second browser context reaching
 * that address, which the server sees as another device) must sign in with a PIN first.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

const bin = path.resolve(__dirname, '..', 'bin', 'regulars.mjs');
const lanIp = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

test('the owner turns LAN access on; a tablet on the network signs in with a PIN and sells', async ({ page, browser, shop }) => {
  test.skip(!lanIp, 'SKIPPED: this machine has no non-loopback IPv4 address to reach as a tablet would');
  await shop.api('staff.setupOwner', { name: 'Lan', pin: '1234' });
  await shop.api('staff.signIn', { pin: '1234' });
  await shop.api('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });

  // The owner, at the shop's computer, switches LAN access on in Settings.
  await page.goto(shop.url);
  const pin = page.getByTestId('sign-in-pin');
  await pin.click();
  await page.keyboard.type('1234', { delay: 90 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in')).toHaveText('Lan');
  await page.getByTestId('nav-settings').click();
  const lanSwitch = page.getByTestId('lan-access');
  await expect(lanSwitch).toBeEnabled();
  await expect(lanSwitch).not.toBeChecked();
  await lanSwitch.click({ force: true });
  await expect(page.getByText('It applies the next time `serve` starts')).toBeVisible();
  await expect(lanSwitch).toBeChecked();

  // `serve` started now (no --lan) follows the switch and prints the address for the tablet.
  const proc = spawn(process.execPath, [bin, 'serve', '--data-dir', shop.dataDir, '--port', '0'], {
    env: { ...process.env, REGULARS_TOKEN: '' },
  });
  try {
    const lanUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no LAN URL:\n${out}`)), 30_000);
      const onData = (b: Buffer): void => {
        out += b.toString();
        const m = new RegExp(`(http://${lanIp!.replace(/\./g, '\\.')}:\\d+/#token=\\S+)`).exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      proc.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
    });

    const tablet = await (await browser.newContext()).newPage();
    await tablet.goto(lanUrl);
    await expect(tablet.getByTestId('lock-screen')).toBeVisible();
    const tabletPin = tablet.getByTestId('sign-in-pin');
    await tabletPin.click();
    await tablet.keyboard.type('5555', { delay: 90 });
    await tablet.keyboard.press('Enter');
    await expect(tablet.getByTestId('signed-in')).toHaveText('Anh');
    await tablet.getByTestId('nav-counter').click();
    await tablet.getByTestId('sale-amount').fill('45000');
    await tablet.getByTestId('record-sale').click();
    await expect(tablet.getByTestId('sale-saved')).toBeVisible();
    expect(shop.salesCount()).toBe(1);
  } finally {
    proc.kill('SIGTERM');
  }
});
