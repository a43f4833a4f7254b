/**
 * npm run trust [-- --kill-cycles N --fuzz-inputs N --seed S --no-write]
 * The long trust runs of issue 19: Electronegativity, the fuzz run and the kill run. Writes their
 * counts into bench/results.json as `figures.trust`, keeping everything else in the file as it
 * was (these are counts, not timings, so a loaded machine does not skew them). Exits 1 when a
 * figure misses its target.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz';
import { runKill } from './kill';

const here = __dirname;
const { values } = parseArgs({
  options: {
    'kill-cycles': { type: 'string', default: '200' },
    'fuzz-inputs': { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'no-write': { type: 'boolean', default: false },
  },
});

const count = (v: string): number => {
  const n = Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${v}`);
  return n;
};

interface ScanResult {
  high: number;
  medium: number;
  low: number;
  findings: { id: string; file: string; line: number; severity: string }[];
}

async function main(): Promise<void> {
  const seed = count(values.seed);
  const log = (line: string): void => console.error(line);
  const scannerPath: string = path.join(here, '../../scripts/electronegativity.mjs');
  const { scan } = (await import(scannerPath)) as { scan: () => Promise<ScanResult> };
  const eng = await scan();
  for (const f of eng.findings) log(`electronegativity: ${f.severity} ${f.id} ${f.file}:${f.line}`);

  const fuzz = await runFuzz({ inputs: count(values['fuzz-inputs']), seed, log });
  for (const f of fuzz.failures.slice(0, 50)) log(`fuzz failure: ${f.method}: ${f.reason}\n  ${f.body}`);

  const kill = await runKill({ cycles: count(values['kill-cycles']), seed, log });

  const trust = {
    electronegativity_high: eng.high,
    electronegativity_medium: eng.medium,
    electronegativity_low: eng.low,
    fuzz_inputs: fuzz.fuzz_inputs,
    fuzz_failures: fuzz.fuzz_failures,
    fuzz_methods: fuzz.fuzz_methods,
    fuzz_accepted: fuzz.fuzz_accepted,
    ...kill,
    seed,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify({ trust }, null, 2));

  if (!values['no-write']) {
    const file = path.join(here, '../results.json');
    const results = JSON.parse(fs.readFileSync(file, 'utf8')) as { figures: Record<string, unknown> };
    results.figures.trust = trust;
    fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    log(`wrote figures.trust into ${path.relative(process.cwd(), file)}`);
  }

  const missed = [
    trust.electronegativity_high > 0 && 'electronegativity_high > 0',
    trust.electronegativity_medium > 0 && 'electronegativity_medium > 0',
    trust.fuzz_inputs < 10_000 && 'fuzz_inputs < 10,000',
    trust.fuzz_failures > 0 && 'fuzz_failures > 0',
    trust.kill_cycles < 200 && 'kill_cycles < 200',
    trust.kill_lost > 0 && 'kill_lost > 0',
    trust.kill_duplicated > 0 && 'kill_duplicated > 0',
    trust.kill_errors > 0 && 'kill_errors > 0',
    !trust.kill_integrity_ok && 'integrity_check failed',
  ].filter(Boolean);
  if (missed.length > 0) {
    log(`missed: ${missed.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
