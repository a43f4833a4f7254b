import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../src/main/backend';
import { getSettings } from '../src/main/services/settings';
import { tempDir } from './helpers';

const root = path.resolve(__dirname, '..');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/regulars.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, REGULARS_DATA_DIR: '' },
  });

describe('command line', () => {
  it('prints help', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('init');
    expect(r.stdout).toContain('serve');
  });

  it('initialises a shop non-interactively', async () => {
    const dir = tempDir();
    const r = cli(
      'init',
      '--data-dir',
      dir,
      '--shop',
      'Tiệm Bánh Mì Hòa',
      '--currency',
      'vnd',
      '--locale',
      'vi',
      '--time-zone',
      'Asia/Ho_Chi_Minh',
    );
    expect(r.stderr).not.toMatch(/^regulars:/m); // diagnostics (slow-call notes) may appear; errors may not
    expect(r.status).toBe(0);
    const b = await openBackend(dir);
    expect(await getSettings(b.ctx.db)).toMatchObject({
      shopName: 'Tiệm Bánh Mì Hòa',
      currency: 'VND',
      locale: 'vi',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    await b.close();
  });

  it('reports mistakes on stderr with a non-zero exit', () => {
    const dir = tempDir();
    const bad = cli('init', '--data-dir', dir, '--shop', 'X', '--currency', 'XYZ', '--locale', 'vi', '--time-zone', 'Asia/Ho_Chi_Minh');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/currency/);
    const missing = cli('init', '--data-dir', dir);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/--shop/);
    const unknown = cli('frobnicate');
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/Unknown command/);
  });
});
