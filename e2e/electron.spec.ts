/**
 * The real desktop app: runs where the Electron binary is installed and says clearly that it
 * skipped where it is not (machines that install with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, test } from './fixtures';

function electronBinary(): string | null {
  try {
    // The package exports the binary's path, and throws when the binary was never downloaded.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const p = require('electron') as unknown as string;
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const nativeBuilt = fs.existsSync(path.resolve(__dirname, '../.electron-native/better_sqlite3.node'));

test('the desktop window opens isolated, sandboxed, and serves the counter', async () => {
  test.skip(
    !binary,
    'SKIPPED: the Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD=1); run `npm start` on a desktop to see it.',
  );
  test.skip(!nativeBuilt, 'SKIPPED: better-sqlite3 has no Electron build yet; run `node scripts/electron-native.mjs` first.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [path.resolve(__dirname, '../out/main/index.js'), '--data-dir', dataDir],
  });
  const win = await app.firstWindow();
  await expect(win.getByText('Regulars').first()).toBeVisible();
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const w = BrowserWindow.getAllWindows()[0]!;
    return { url: w.webContents.getURL() };
  });
  expect(prefs.url.startsWith('app://regulars/')).toBe(true);
  // The page has the bridge and nothing else from Node.
  expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await win.evaluate(() => Object.keys((globalThis as unknown as { regulars: object }).regulars))).toEqual(['invoke']);
  // Navigation away is refused.
  await win.evaluate(() => {
    (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
  });
  await win.waitForTimeout(500);
  expect(win.url().startsWith('app://regulars/')).toBe(true);
  await app.close();
});
