// `npm test`: typecheck, lint, formatting, electronegativity, vitest, then the Playwright e2e suite in Chromium, and one
// closing line "N passed, N failed" that totals vitest and Playwright.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const results = path.join(root, '.test-reports'); // not test-results/: Playwright empties that folder
fs.mkdirSync(results, { recursive: true });
const vitestJson = path.join(results, 'vitest.json');
const playwrightJson = path.join(results, 'playwright.json');
for (const f of [vitestJson, playwrightJson]) fs.rmSync(f, { force: true });

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  return r.status === 0;
}

const npx = 'npx';
let ok = true;
ok = step('typecheck', 'npm', ['run', 'typecheck']) && ok;
ok = step('lint', 'npm', ['run', 'lint']) && ok;
ok = step('format', 'npm', ['run', 'format:check']) && ok;
// Electron's security settings: any finding not justified next to its line fails (offline; issue 19).
ok = step('electronegativity', 'node', ['scripts/electronegativity.mjs']) && ok;
ok = step('vitest', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`]) && ok;
const built = step('build', npx, ['electron-vite', 'build']);
ok = built && ok;
if (built)
  ok = step('playwright', npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson }) && ok;

let passed = 0;
let failed = 0;
if (fs.existsSync(vitestJson)) {
  const v = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
} else failed += 1;
if (fs.existsSync(playwrightJson)) {
  const p = JSON.parse(fs.readFileSync(playwrightJson, 'utf8'));
  passed += p.stats?.expected ?? 0;
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.flaky ?? 0);
  // Say out loud what was skipped and why (the Electron spec skips where the binary is absent).
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'skipped') continue;
        const why = (t.annotations ?? []).find((a) => a.type === 'skip')?.description ?? 'no reason given';
        console.log(`skipped: ${spec.title} — ${why}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of p.suites ?? []) walk(suite);
} else failed += 1;
if (!ok && failed === 0) failed = 1; // typecheck, lint, formatting or build failed: never report green
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
