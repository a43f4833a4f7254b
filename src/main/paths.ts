import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Regulars';

/**
 * The same folder Electron's app.getPath('userData') gives the desktop app, so the CLI and
 * browser mode find the shop's file without being told.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(absoluteOr(env.APPDATA, path.join(home, 'AppData', 'Roaming')), PRODUCT_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return path.join(absoluteOr(env.XDG_CONFIG_HOME, path.join(home, '.config')), PRODUCT_NAME);
  }
}

/**
 * A base folder from the environment, or the fallback when it is unset, empty or relative: an
 * empty XDG_CONFIG_HOME once put the shop's file in the current folder, and the XDG spec says a
 * relative path there is invalid and to be ignored.
 */
function absoluteOr(value: string | undefined, fallback: string): string {
  return value && path.isAbsolute(value) ? value : fallback;
}

/** --data-dir beats REGULARS_DATA_DIR beats the OS default. */
export function resolveDataDir(argv: readonly string[], fallback: () => string = defaultDataDir): string {
  const i = argv.findIndex((a) => a === '--data-dir' || a.startsWith('--data-dir='));
  if (i >= 0) {
    const a = argv[i]!;
    const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
    if (v) return path.resolve(v);
  }
  if (process.env.REGULARS_DATA_DIR) return path.resolve(process.env.REGULARS_DATA_DIR);
  return fallback();
}
