/**
 * Each test gets its own shop: a fresh data folder, `regulars init`, and `regulars serve` on a
 * free loopback port. The test waits for the server's ready line, never for a fixed sleep.
 * `test.use({ initShop: false })` skips the init: the folder is new, as on a shop's first day.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { test as base, expect, type Page } from '@playwright/test';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'regulars.mjs');

export interface Shop {
  url: string;
  token: string;
  dataDir: string;
  /** Opens the app at a route such as '/customers/ID', carrying the token as the printed URL does. */
  open(page: Page, route?: string): Promise<unknown>;
  /** Calls the backend's HTTP API directly (for setting up data a test is not about). */
  api<T = unknown>(method: string, input: unknown): Promise<T>;
  /**
   * How many purchases the shop's file holds, read from the file itself. Unlike `sales.today` it
   * does not depend on the shop's day, so a test that spans the shop's midnight still counts right.
   */
  salesCount(): number;
}

async function startServer(dataDir: string): Promise<{ proc: ChildProcess; url: string; token: string }> {
  const proc = spawn(process.execPath, [bin, 'serve', '--data-dir', dataDir, '--port', '0'], {
    cwd: root,
    env: { ...process.env, REGULARS_TOKEN: '' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /ready at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { proc, url, token: url.split('#token=')[1]! };
}

function initialise(dataDir: string): void {
  const init = spawnSync(
    process.execPath,
    [
      bin,
      'init',
      '--data-dir',
      dataDir,
      '--shop',
      'Cà Phê Góc Phố',
      '--currency',
      'VND',
      '--locale',
      'en',
      '--time-zone',
      'Asia/Ho_Chi_Minh',
    ],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
}

export const test = base.extend<{ shop: Shop; initShop: boolean }>({
  initShop: [true, { option: true }],
  shop: async ({ initShop }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-e2e-'));
    if (initShop) initialise(dataDir);
    const { proc, url, token } = await startServer(dataDir);
    const origin = new URL(url).origin;
    await use({
      url,
      token,
      dataDir,
      open: (page, route) => page.goto(route ? `${origin}/#${route}&token=${token}` : url),
      async api(method, input) {
        const res = await fetch(`${origin}/api/${method}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input),
        });
        const body = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
        if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
        return body.value as never;
      },
      salesCount() {
        const db = new Database(path.join(dataDir, 'regulars.sqlite'), { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
        } finally {
          db.close();
        }
      },
    });
    proc.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  },
});

/**
 * Types a card number the way a keyboard-wedge reader does: real key events through the
 * browser's input pipeline, stamped 10 ms apart by the "device", then Enter. Playwright's
 * keyboard.type waits for the page to take each key before sending the next, which on a busy
 * machine slows the "reader" to a person's pace; a reader does not wait, and the browser stamps
 * each key with the time the device sent it, so this sends them the same way.
 */
export async function swipeCard(page: Page, number: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const t0 = Date.now() / 1000;
  const sends: Promise<unknown>[] = [];
  const key = (type: 'keyDown' | 'keyUp', k: string, code: string, vk: number, at: number, text?: string): void => {
    sends.push(
      cdp.send('Input.dispatchKeyEvent', {
        type,
        key: k,
        code,
        windowsVirtualKeyCode: vk,
        nativeVirtualKeyCode: vk,
        timestamp: at,
        ...(text ? { text, unmodifiedText: text } : {}),
      }),
    );
  };
  [...number].forEach((ch, i) => {
    const at = t0 + i * 0.01;
    key('keyDown', ch, `Digit${ch}`, ch.charCodeAt(0), at, ch);
    key('keyUp', ch, `Digit${ch}`, ch.charCodeAt(0), at + 0.004);
  });
  const end = t0 + number.length * 0.01;
  key('keyDown', 'Enter', 'Enter', 13, end, '\r');
  key('keyUp', 'Enter', 'Enter', 13, end + 0.004);
  await Promise.all(sends);
  await cdp.detach();
}

/** Runs the real command line (`bin/regulars.mjs`); throws with its stderr when it exits non-zero. */
export function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`regulars ${args[0]} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

export { expect };
