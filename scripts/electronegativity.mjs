// Electronegativity over src/, offline and deterministic: `node scripts/electronegativity.mjs [--json]`.
// Exits 1 on any finding that is not justified in code with an `eng-disable` comment next to its line.
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const require = createRequire(import.meta.url);
const requireFromScanner = createRequire(require.resolve('@doyensec/electronegativity/package.json'));

// The scanner fetches translations and Electron's release list from GitHub on every run. `npm test`
// must not touch the network (a till's build machine may be offline, and a download would make
// the result depend on the day), so its HTTP client is replaced by one that fails at once: the
// scanner then falls back to its bundled English strings.
const gotPath = requireFromScanner.resolve('got');
const offline = () => Promise.reject(new Error('offline: electronegativity runs without the network here'));
offline.head = offline;
const stub = new Module(gotPath);
stub.filename = gotPath;
stub.loaded = true;
stub.exports = offline;
require.cache[gotPath] = stub;

const run = requireFromScanner('./dist/runner.js');

/** Scans `input` (default src/) and counts the findings by severity. */
export async function scan(input = path.join(root, 'src')) {
  const electronVersion = require(path.join(root, 'node_modules/electron/package.json')).version;
  const result = await run(
    {
      input,
      // AVAILABLE_SECURITY_FIXES needs the release list from the network; Electron's version is
      // pinned in package.json and raised by hand.
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      customScan: [],
      // The defaults each check assumes (remote module, sandbox, context isolation) are Electron's.
      electronVersionOverride: electronVersion,
      isRelative: true,
      isVerbose: false,
      parserPlugins: [],
    },
    false,
  );
  const findings = result.issues.map((i) => ({
    id: i.id,
    file: path.relative(root, path.resolve(input, i.file)),
    line: i.location.line,
    severity: i.severity.name,
    confidence: i.confidence.name,
    description: i.description,
  }));
  const bySeverity = (s) => findings.filter((f) => f.severity === s).length;
  return {
    electronVersion,
    findings,
    high: bySeverity('HIGH'),
    medium: bySeverity('MEDIUM'),
    low: bySeverity('LOW'),
    informational: bySeverity('INFORMATIONAL'),
    errors: result.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  scan().then(
    (r) => {
      if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
      else {
        for (const f of r.findings) console.log(`${f.severity} ${f.id} ${f.file}:${f.line} ${f.description}`);
        for (const e of r.errors) console.log(`could not scan ${e}`);
        console.log(
          `electronegativity (Electron ${r.electronVersion}): ${r.high} high, ${r.medium} medium, ${r.low} low, ${r.informational} informational`,
        );
      }
      process.exit(r.findings.length === 0 && r.errors.length === 0 ? 0 : 1);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
