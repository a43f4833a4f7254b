/**
 * The benchmark: get the synthetic shop (cached by its parameters), copy it to a scratch folder,
 * run every figure group against the copy, write results.json. Measuring on a copy keeps the cache
 * exactly as the generator left it, however many purchases the figures record.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBackend, type Backend } from '../../src/main/backend';
import { DB_FILE_NAME } from '../../src/main/db/open';
import { migrations } from '../../src/main/db/migrations';
import { drawVisitors, type Visitor } from '../figures/samples';
import { figureGroups, type BenchContext, type FigureGroup, type FigureValue } from '../figures';
import { buildShop, type BuildReport, type ShopSpec } from './generate';
import { createRng } from './prng';

/** The default sizes: the shop, and --quick (seconds; what the test suite runs). */
export const FULL_SPEC = { customers: 100_000, sales: 1_000_000 };
export const QUICK_SPEC = { customers: 2_000, sales: 20_000 };

/** Bump when the generator's output changes, so old caches are not reused. */
export const GENERATOR_VERSION = 1;

export interface BenchOptions extends ShopSpec {
  quick: boolean;
  cacheDir: string;
  resultsFile: string | null;
  groups?: FigureGroup[];
  log?: (line: string) => void;
}

export interface BenchResults {
  dataset: ShopSpec & { cards: number; voids: number; walkIns: number; digest: string; builtThisRun: boolean; buildMs: number };
  figures: Record<string, FigureValue>;
  /** Figure groups that threw, by name. */
  errors?: Record<string, string>;
  /** loadavg at the start and the end: p99s on a shared machine mostly measure the neighbours. */
  machine: { node: string; platform: string; cpus: number; loadavg: { start: number[]; end: number[] } };
  at: string;
}

/**
 * The migrations (names and code) are part of the key: a shop built while a migration existed that
 * was later renumbered would be refused, and one built before a migration was edited (allowed
 * until it is merged) would lack what the edit adds.
 */
export function cacheKey(spec: ShopSpec): string {
  const schema = crypto
    .createHash('sha256')
    .update(migrations.map((m) => `${m.name}\n${m.up.toString()}`).join('\n'))
    .digest('hex')
    .slice(0, 8);
  return `shop-c${spec.customers}-s${spec.sales}-seed${spec.seed}-g${GENERATOR_VERSION}-m${schema}`;
}

/** The cached shop's folder, built first when missing (into a temp name, renamed when complete). */
export async function ensureShop(
  spec: ShopSpec,
  cacheDir: string,
  log: (line: string) => void,
): Promise<{ dir: string; report: BuildReport; built: boolean }> {
  const dir = path.join(cacheDir, cacheKey(spec));
  const meta = path.join(dir, 'build.json');
  if (fs.existsSync(meta)) return { dir, report: JSON.parse(fs.readFileSync(meta, 'utf8')) as BuildReport, built: false };
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheDir, 'building-'));
  log(`building the synthetic shop (${spec.customers} customers, ${spec.sales} purchases, seed ${spec.seed})…`);
  const report = await buildShop(tmp, spec, log);
  fs.writeFileSync(path.join(tmp, 'build.json'), JSON.stringify(report, null, 2));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  log(`built in ${(report.buildMs / 1000).toFixed(1)} s`);
  return { dir, report, built: true };
}

/**
 * Between two figure groups, untimed: the working copy's WAL copied back (RESTART: the next commit
 * starts it from its beginning, in the file's room, as after the app's start), and the system's
 * dirty pages written out. A group that wrote hundreds of MB (the inserts, expiry, a fresh
 * shop's import) otherwise left its checkpoint and the kernel's writeback to run during the next
 * group's timings: the sync group, after them, measured 1,140–1,395 ms inside full runs and
 * 865–1,213 alone.
 */
function settle(backend: Backend): void {
  try {
    backend.ctx.sqlite?.pragma('wal_checkpoint(RESTART)');
  } catch {
    // Busy (the worker copying): the writeback below still runs.
  }
  if (process.platform !== 'win32') spawnSync('sync');
}

export async function runBenchmark(opts: BenchOptions): Promise<BenchResults> {
  const log = opts.log ?? (() => {});
  const loadStart = os.loadavg().map((x) => Number(x.toFixed(2)));
  const spec: ShopSpec = { customers: opts.customers, sales: opts.sales, seed: opts.seed };
  const shop = await ensureShop(spec, opts.cacheDir, log);

  const scratch: string[] = [];
  const scratchDir = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-bench-'));
    scratch.push(d);
    return d;
  };
  const workDir = scratchDir();
  fs.copyFileSync(path.join(shop.dir, DB_FILE_NAME), path.join(workDir, DB_FILE_NAME));
  // As the app and `serve` open a shop (src/main/index.ts, cli serve): the WAL given its room first.
  const backend = await openBackend(workDir, { walAhead: true });
  if (backend.database.migration.applied.length > 0) log(`migrated the working copy: ${backend.database.migration.applied.join(', ')}`);
  const figures: Record<string, FigureValue> = {};
  const errors: Record<string, string> = {};
  try {
    const rng = createRng(opts.seed ^ 0x5eed);
    const iterations = (full: number, quick: number): number => (opts.quick ? quick : full);
    const visitors: Visitor[] = await drawVisitors(backend, rng.fork('visitors'), iterations(2000, 120));
    const ctx: BenchContext = { spec, quick: opts.quick, workDir, backend, rng, visitors: () => visitors, scratchDir, iterations };
    // dispatch warns about every call over 40 ms; count them per group rather than flood the output.
    const warn = console.warn;
    for (const group of opts.groups ?? figureGroups) {
      log(`measuring ${group.name}…`);
      let slow = 0;
      console.warn = (...args: unknown[]) => (String(args[0]).includes('slow call') ? slow++ : warn(...args));
      try {
        Object.assign(figures, await group.run({ ...ctx, rng: rng.fork(group.name) }));
      } catch (e) {
        // One broken group must not cost the others' figures; run.ts exits non-zero, the test fails.
        errors[group.name] = e instanceof Error ? e.message : String(e);
        log(`  FAILED: ${errors[group.name]}`);
      } finally {
        console.warn = warn;
      }
      if (slow > 0) log(`  ${slow} calls over 40 ms`);
      settle(backend);
    }
  } finally {
    await backend.close();
    for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
  }
  const results: BenchResults = {
    dataset: {
      ...spec,
      cards: shop.report.cards,
      voids: shop.report.voids,
      walkIns: shop.report.walkIns,
      digest: shop.report.digest,
      builtThisRun: shop.built,
      buildMs: Math.round(shop.report.buildMs),
    },
    figures,
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: os.cpus().length,
      loadavg: { start: loadStart, end: os.loadavg().map((x) => Number(x.toFixed(2))) },
    },
    at: new Date().toISOString(),
  };
  if (opts.resultsFile) fs.writeFileSync(opts.resultsFile, JSON.stringify(withTrustKept(opts.resultsFile, results), null, 2) + '\n');
  return results;
}

/** `figures.trust` is written by `npm run trust` (bench/trust/run.ts), not here: a bench run keeps it. */
function withTrustKept(file: string, results: BenchResults): BenchResults {
  try {
    const old = JSON.parse(fs.readFileSync(file, 'utf8')) as { figures?: Record<string, unknown> };
    if (old.figures?.trust === undefined) return results;
    return { ...results, figures: { ...results.figures, trust: old.figures.trust } as unknown as BenchResults['figures'] };
  } catch {
    return results;
  }
}
