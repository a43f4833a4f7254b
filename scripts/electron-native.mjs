// better-sqlite3 is a native module and Node and Electron have different ABIs. `npm install`
// builds it for Node (tests, browser mode, CLI); this script builds a second copy for Electron
// into .electron-native/, which the desktop app loads through better-sqlite3's `nativeBinding`
// option. It runs before `npm start`/`npm run dev`/`npm run dist` and does nothing when the
// copy is already built for the installed Electron version. Nobody rebuilds by hand.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outDir = path.join(root, '.electron-native');
const target = path.join(outDir, 'better_sqlite3.node');
const stamp = path.join(outDir, 'built-for.json');

const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, arch: process.arch, platform: process.platform };

if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === JSON.stringify(wanted)) process.exit(0);

console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`);
const src = path.join(outDir, 'src');
fs.rmSync(src, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
fs.cpSync(pkgDir, src, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) });

const env = { ...process.env };
// A nodedir set for Node's own headers (npm config) would defeat the Electron headers.
for (const k of Object.keys(env)) if (/^npm_config_(nodedir|target|runtime|disturl)$/i.test(k)) delete env[k];
const nodeGyp =
  process.env.npm_config_node_gyp ||
  require.resolve('node-gyp/bin/node-gyp.js', { paths: [path.dirname(process.execPath) + '/../lib/node_modules/npm'] });
const r = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'],
  { cwd: src, stdio: 'inherit', env },
);
if (r.status !== 0) {
  console.error('Could not build better-sqlite3 for Electron (the Electron headers need https://electronjs.org).');
  process.exit(r.status ?? 1);
}
fs.copyFileSync(path.join(src, 'build', 'Release', 'better_sqlite3.node'), target);
fs.writeFileSync(stamp, JSON.stringify(wanted));
fs.rmSync(src, { recursive: true, force: true });
console.log(`Electron build of better-sqlite3 ready: ${path.relative(root, target)}`);
