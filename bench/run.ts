/**
 * npm run bench [-- --customers N --sales M --seed S --quick --out FILE --only GROUP,GROUP]
 * Builds (or reuses from bench/.cache) the synthetic shop, prints the figures and writes
 * bench/results.json. Default: 100,000 customers and 1,000,000 purchases; --quick: a small shop.
 * --only runs some figure groups (by name) and writes no results file unless --out names one.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { figureGroups } from './figures';
import { FULL_SPEC, QUICK_SPEC, runBenchmark } from './lib/bench';
import { formatTable } from './lib/table';

// tsx runs this file as CommonJS (the package has no "type": "module").
const here = __dirname;
const { values } = parseArgs({
  options: {
    customers: { type: 'string' },
    sales: { type: 'string' },
    seed: { type: 'string', default: '1' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'cache-dir': { type: 'string' },
    only: { type: 'string' },
  },
});

const count = (v: string | undefined, fallback: number): number => {
  const n = v === undefined ? fallback : Number(v.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${v}`);
  return n;
};

async function main(): Promise<void> {
  const quick = values.quick;
  const only = values.only?.split(',').map((n) => n.trim());
  const unknown = only?.filter((n) => !figureGroups.some((g) => g.name === n)) ?? [];
  if (unknown.length > 0)
    throw new Error(`unknown figure group ${unknown.join(', ')}; known: ${figureGroups.map((g) => g.name).join(', ')}`);
  const results = await runBenchmark({
    customers: count(values.customers, (quick ? QUICK_SPEC : FULL_SPEC).customers),
    sales: count(values.sales, (quick ? QUICK_SPEC : FULL_SPEC).sales),
    seed: count(values.seed, 1),
    quick,
    cacheDir: values['cache-dir'] ?? path.join(here, '.cache'),
    resultsFile: values.out ?? (only ? null : path.join(here, 'results.json')),
    ...(only ? { groups: figureGroups.filter((g) => only.includes(g.name)) } : {}),
    log: (line) => console.error(line),
  });
  console.log(`\n${results.dataset.customers} customers, ${results.dataset.sales} purchases (seed ${results.dataset.seed})\n`);
  console.log(formatTable(results.figures));
  const { start, end } = results.machine.loadavg;
  console.log(`\nload average ${start[0]} at the start, ${end[0]} at the end (${results.machine.cpus} cores)`);
  if (results.errors) {
    for (const [group, message] of Object.entries(results.errors)) console.error(`figure group ${group} failed: ${message}`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
