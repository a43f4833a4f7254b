/**
 * The figure registry's types. A figure group measures one thing and returns named values; run.ts
 * runs the groups in order and writes them all to bench/results.json. Later issues add a group
 * (segmentation, exports, import) to the list in figures/index.ts.
 */
import type { Backend } from '../../src/main/backend';
import type { ShopSpec } from '../lib/generate';
import type { Rng } from '../lib/prng';
import type { Percentiles } from '../lib/stats';
import type { Visitor } from './samples';

export type FigureValue = number | Percentiles;

export interface BenchContext {
  spec: ShopSpec;
  quick: boolean;
  /** The working copy's data folder: a copy of the cached shop, thrown away after the run. */
  workDir: string;
  /** Opened on the working copy, with the shop's real clock. */
  backend: Backend;
  /** Seeded, so every run measures the same calls. */
  rng: Rng;
  /** Customers drawn the way they come to the till (weighted by visits), computed once. */
  visitors(): Visitor[];
  /** A scratch folder removed after the run. */
  scratchDir(): string;
  /** Scales an iteration count down for --quick. */
  iterations(full: number, quick: number): number;
}

export interface FigureGroup {
  name: string;
  run(ctx: BenchContext): Promise<Record<string, FigureValue>>;
}
