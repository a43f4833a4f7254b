/**
 * The desktop app's better-sqlite3 (Electron build) ships outside app.asar, where Electron's ASAR
 * integrity does not reach. The build pins its SHA-256 inside the main bundle (electron.vite.config.ts),
 * which lives in the integrity-checked archive; at start the packaged app hashes the file on disk,
 * compares, and hands exactly that path to better-sqlite3 (`nativeBinding`). A mismatch refuses to
 * open the shop before anything is written. The same function hashes at build and at start.
 *
 * Plain Node (tests, `serve`, the CLI) never comes here: it loads node_modules' own build.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where scripts/electron-native.mjs puts the Electron build, relative to the project (the build reads it there). */
export const ELECTRON_NATIVE_FILE = path.join('.electron-native', 'better_sqlite3.node');
/** Where electron-builder's extraResources puts it in the installed app, relative to process.resourcesPath. */
export const PACKAGED_NATIVE_FILE = path.join('native', 'better_sqlite3.node');

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256OfFile(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * The pin the build embeds: the hash of the Electron build that `npm run dist` packages, or ''
 * when there is none yet (`npm run build`/`serve`/e2e on a machine that never ran electron-native.mjs).
 * `REGULARS_NATIVE_MODULE` names another file to pin (the build test pins a file of its own).
 */
export function buildTimePin(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = env.REGULARS_NATIVE_MODULE ? path.resolve(root, env.REGULARS_NATIVE_MODULE) : path.join(root, ELECTRON_NATIVE_FILE);
  return fs.existsSync(file) ? sha256OfFile(file) : '';
}

/** The name the main bundle's define replaces (electron.vite.config.ts). */
export const PIN_DEFINE = '__REGULARS_NATIVE_SHA256__';
declare const __REGULARS_NATIVE_SHA256__: string | undefined;

/** The pin compiled into this bundle; '' outside the electron-vite build (tsx, vitest). */
export function embeddedPin(): string {
  return typeof __REGULARS_NATIVE_SHA256__ === 'string' ? __REGULARS_NATIVE_SHA256__ : '';
}

export interface NativeModuleFacts {
  /** app.isPackaged: an installed app, as opposed to `npm start`/`npm run dev`. */
  packaged: boolean;
  /** embeddedPin(). */
  pin: string;
  /** process.resourcesPath. */
  resourcesPath: string;
  /** app.getAppPath(): the project folder when unpackaged. */
  appPath: string;
}

/** What start-up does with the native module, decided here and nowhere else. */
export type NativeModulePlan =
  { check: 'pinned'; file: string; sha256: string } | { check: 'skipped'; file: string | undefined; reason: string };

export function planNativeModule(f: NativeModuleFacts): NativeModulePlan {
  if (f.packaged) {
    // An installed app always checks: an empty or malformed pin fails the check below instead of skipping it.
    return { check: 'pinned', file: path.join(f.resourcesPath, PACKAGED_NATIVE_FILE), sha256: f.pin };
  }
  const dev = path.join(f.appPath, ELECTRON_NATIVE_FILE);
  if (!fs.existsSync(dev)) return { check: 'skipped', file: undefined, reason: 'no Electron build: better-sqlite3 loads its default' };
  // `npm start`/`npm run dev` build right after electron-native.mjs, so the pin is there and checking it costs nothing.
  if (f.pin) return { check: 'pinned', file: dev, sha256: f.pin };
  return { check: 'skipped', file: dev, reason: 'unpackaged build without a pin' };
}

export type NativeModuleProblem = 'unpinned' | 'missing' | 'mismatch';

export class NativeModuleError extends Error {
  constructor(
    readonly problem: NativeModuleProblem,
    readonly file: string,
    readonly expected: string,
    readonly actual: string | null,
  ) {
    super(
      problem === 'unpinned'
        ? `This build carries no SHA-256 for its SQLite module (${file}); it cannot be checked`
        : problem === 'missing'
          ? `The SQLite module ${file} is missing or unreadable`
          : `The SQLite module ${file} is not the one this build was made with (SHA-256 ${actual}, expected ${expected})`,
    );
    this.name = 'NativeModuleError';
  }
}

/** Hashes the file and compares with the pin. */
export function verifyNativeModule(file: string, expected: string): void {
  if (!SHA256_HEX.test(expected)) throw new NativeModuleError('unpinned', file, expected, null);
  let actual: string;
  try {
    actual = sha256OfFile(file);
  } catch {
    throw new NativeModuleError('missing', file, expected, null);
  }
  if (actual !== expected) throw new NativeModuleError('mismatch', file, expected, actual);
}

/** The path to pass to better-sqlite3's `nativeBinding`: checked when the plan says so. */
export function nativeBindingFor(plan: NativeModulePlan): string | undefined {
  if (plan.check === 'pinned') verifyNativeModule(plan.file, plan.sha256);
  return plan.file;
}
