/**
 * Issue 19: the SQLite module outside app.asar is pinned by SHA-256 at build and checked at start.
 * Under Node the "Electron build" is a copy of node_modules' own build, so the checked file really loads.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  buildTimePin,
  nativeBindingFor,
  NativeModuleError,
  PACKAGED_NATIVE_FILE,
  planNativeModule,
  sha256OfFile,
  verifyNativeModule,
} from '../src/main/db/nativeModule';
import { openAppBackend, startupErrorText } from '../src/main/startup';
import { AppError } from '../src/shared/errors';
import { tempDir } from './helpers';

const require = createRequire(import.meta.url);
const root = path.resolve(__dirname, '..');
const NODE_BUILD = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
const dirs: string[] = [];
const fresh = (): string => {
  const d = tempDir('regulars-native-');
  dirs.push(d);
  return d;
};
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** An installed app's resources folder holding a copy of the module. */
function packagedResources(): { resourcesPath: string; file: string; sha256: string } {
  const resourcesPath = fresh();
  const file = path.join(resourcesPath, PACKAGED_NATIVE_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(NODE_BUILD, file);
  return { resourcesPath, file, sha256: createHash('sha256').update(fs.readFileSync(NODE_BUILD)).digest('hex') };
}

function tamper(file: string): void {
  const bytes = fs.readFileSync(file);
  const at = bytes.length >> 1;
  bytes[at] = bytes[at]! ^ 0xff;
  fs.writeFileSync(file, bytes);
}

describe('the checker, on real files', () => {
  it('hashes a file as SHA-256', () => {
    const file = path.join(fresh(), 'abc');
    fs.writeFileSync(file, 'abc');
    expect(sha256OfFile(file)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts the pinned file, refuses a changed one, a missing one, and a missing or malformed pin', () => {
    const { file, sha256 } = packagedResources();
    expect(() => verifyNativeModule(file, sha256)).not.toThrow();

    const copy = `${file}.tampered`;
    fs.copyFileSync(file, copy);
    tamper(copy);
    const mismatch = catchError(() => verifyNativeModule(copy, sha256));
    expect(mismatch).toMatchObject({ problem: 'mismatch', file: copy, expected: sha256 });
    expect(mismatch.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(mismatch.actual).not.toBe(sha256);

    expect(catchError(() => verifyNativeModule(path.join(path.dirname(file), 'gone.node'), sha256)).problem).toBe('missing');
    expect(catchError(() => verifyNativeModule(file, '')).problem).toBe('unpinned');
    expect(catchError(() => verifyNativeModule(file, sha256.toUpperCase())).problem).toBe('unpinned');
  });
});

function catchError(f: () => void): NativeModuleError {
  try {
    f();
  } catch (e) {
    if (e instanceof NativeModuleError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('which start-ups check (planNativeModule)', () => {
  it('an installed app always checks its resources copy, even with no pin in the bundle', () => {
    const p = { packaged: true, resourcesPath: '/opt/Regulars/resources', appPath: '/opt/Regulars/resources/app.asar' };
    expect(planNativeModule({ ...p, pin: 'a'.repeat(64) })).toEqual({
      check: 'pinned',
      file: path.join('/opt/Regulars/resources', PACKAGED_NATIVE_FILE),
      sha256: 'a'.repeat(64),
    });
    const unpinned = planNativeModule({ ...p, pin: '' });
    expect(unpinned.check).toBe('pinned');
    expect(() => nativeBindingFor(unpinned)).toThrow(NativeModuleError);
  });

  it('npm start checks the .electron-native copy when the build pinned it; without that copy nothing is checked', () => {
    const appPath = fresh();
    expect(planNativeModule({ packaged: false, pin: '', resourcesPath: '/x', appPath })).toMatchObject({
      check: 'skipped',
      file: undefined,
    });
    const dev = path.join(appPath, '.electron-native', 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(dev));
    fs.copyFileSync(NODE_BUILD, dev);
    expect(planNativeModule({ packaged: false, pin: '', resourcesPath: '/x', appPath })).toMatchObject({ check: 'skipped', file: dev });
    expect(planNativeModule({ packaged: false, pin: 'b'.repeat(64), resourcesPath: '/x', appPath })).toMatchObject({
      check: 'pinned',
      file: dev,
    });
  });
});

describe('an installed app starting (openAppBackend)', () => {
  it('opens the shop through the very file it checked', async () => {
    const { resourcesPath, file, sha256 } = packagedResources();
    const dataDir = path.join(fresh(), 'shop');
    const backend = await openAppBackend(dataDir, { packaged: true, pin: sha256, resourcesPath, appPath: '/nowhere' }, {});
    try {
      const r = await sql<{ v: string }>`SELECT sqlite_version() AS v`.execute(backend.ctx.db);
      expect(r.rows[0]!.v).toMatch(/^3\./);
      // better-sqlite3 require()s a string nativeBinding: the checked copy is the module that was loaded.
      expect(Object.keys(require.cache)).toContain(fs.realpathSync(file));
    } finally {
      await backend.close();
    }
  });

  it('refuses a tampered module before writing anything in the data folder', async () => {
    const { resourcesPath, file, sha256 } = packagedResources();
    tamper(file);
    const parent = fresh();
    const dataDir = path.join(parent, 'shop');
    await expect(openAppBackend(dataDir, { packaged: true, pin: sha256, resourcesPath, appPath: '/nowhere' }, {})).rejects.toMatchObject({
      name: 'NativeModuleError',
      problem: 'mismatch',
      file,
    });
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(Object.keys(require.cache)).not.toContain(file);
  });

  it('leaves an existing shop file untouched when the module is refused', async () => {
    const { resourcesPath, sha256 } = packagedResources();
    const dataDir = fresh();
    const opened = await openAppBackend(dataDir, { packaged: true, pin: sha256, resourcesPath, appPath: '/nowhere' }, {});
    await opened.close();
    const before = snapshot(dataDir);
    await expect(openAppBackend(dataDir, { packaged: true, pin: 'c'.repeat(64), resourcesPath, appPath: '/nowhere' }, {})).rejects.toThrow(
      NativeModuleError,
    );
    expect(snapshot(dataDir)).toEqual(before);
  });
});

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = path.join(dir, f);
    const st = fs.statSync(p);
    out[f] = st.isFile() ? `${st.mtimeMs}:${sha256OfFile(p)}` : 'dir';
  }
  return out;
}

describe('the start-up error box', () => {
  const refused = new NativeModuleError('mismatch', '/opt/Regulars/resources/native/better_sqlite3.node', 'a'.repeat(64), 'b'.repeat(64));

  it("speaks the computer's first language the app knows, naming the file and the data folder", () => {
    const vi = startupErrorText(refused, '/home/an/.config/Regulars', ['fr-FR', 'vi-VN', 'en-US']);
    expect(vi.title).toBe('Regulars không mở được dữ liệu');
    expect(vi.body).toContain('bị thay thế');
    expect(vi.body).toContain('/opt/Regulars/resources/native/better_sqlite3.node');
    expect(vi.body).toContain('Thư mục dữ liệu: /home/an/.config/Regulars');

    const zh = startupErrorText(new NativeModuleError('missing', 'C:\\R\\native\\better_sqlite3.node', 'a'.repeat(64), null), 'C:\\data', [
      'zh-TW',
    ]);
    expect(zh.title).toBe('Regulars 無法開啟資料');
    expect(zh.body).toContain('找不到');

    expect(startupErrorText(refused, '/d', ['fr-FR']).title).toBe('Regulars cannot open its data');
  });

  it('translates a known refusal and keeps the English detail; anything else reads as it was thrown', () => {
    const tooNew = new AppError(
      'DATABASE_TOO_NEW',
      'This data file was written by a newer version of Regulars (it has migration "9999_x")',
    );
    const zh = startupErrorText(tooNew, '/d', ['zh-Hant-TW']);
    expect(zh.body).toContain('此資料檔由較新版本的 Regulars 建立。');
    expect(zh.body).toContain('9999_x');
    expect(startupErrorText(new Error('disk I/O error'), '/d', ['vi']).body).toMatch(/^disk I\/O error\n\nThư mục dữ liệu: \/d$/);
  });
});

describe('the build (electron.vite.config.ts)', () => {
  it('pins nothing when the Electron build is absent', () => {
    expect(buildTimePin(fresh(), {})).toBe('');
    expect(buildTimePin(root, { REGULARS_NATIVE_MODULE: NODE_BUILD })).toBe(sha256OfFile(NODE_BUILD));
  });

  it("carries the module's 64-hex SHA-256 in the main bundle, which goes into app.asar", () => {
    const { file, sha256 } = packagedResources();
    const outDir = fresh();
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', outDir],
      {
        cwd: root,
        env: { ...process.env, REGULARS_NATIVE_MODULE: file },
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const main = fs.readFileSync(path.join(outDir, 'main', 'index.js'), 'utf8');
    const pinned = /function embeddedPin\(\) \{\s*return "([0-9a-f]{64})";/.exec(main);
    expect(pinned?.[1]).toBe(sha256);
  }, 120_000);
});
