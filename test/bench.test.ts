/**
 * The benchmark must not rot: the --quick run goes through every figure (present and finite —
 * speed is never asserted here), and the generator is deterministic (same seed, same digest).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUICK_SPEC, runBenchmark } from '../bench/lib/bench';
import { buildShop } from '../bench/lib/generate';
import { TARGETS } from '../bench/lib/targets';
import { formatTable } from '../bench/lib/table';
import { openBackend } from '../src/main/backend';
import { datasetDigest } from '../bench/lib/digest';
import { tempDir } from './helpers';

const finite = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);

describe('benchmark', () => {
  it('runs --quick and reports every figure', { timeout: 240_000 }, async () => {
    const dir = tempDir('regulars-bench-test-');
    try {
      const resultsFile = path.join(dir, 'results.json');
      const results = await runBenchmark({ ...QUICK_SPEC, seed: 7, quick: true, cacheDir: path.join(dir, 'cache'), resultsFile });
      const written = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as typeof results;
      expect(written.errors).toBeUndefined();
      expect(written.dataset).toMatchObject({ customers: QUICK_SPEC.customers, sales: QUICK_SPEC.sales });
      const f = written.figures as Record<string, unknown>;
      for (const name of [
        'swipe_lookup_ms',
        'search_ms',
        'record_sale_ms',
        'customer_page_ms',
        'http_round_trip_ms',
        'record_sale_during_import_ms',
      ]) {
        const v = f[name] as { p50: unknown; p99: unknown };
        expect(finite(v.p50) && finite(v.p99), name).toBe(true);
      }
      for (const name of ['open_db_ms', 'bulk_insert_rows_per_s', 'raw_insert_rows_per_s', 'bulk_vs_raw', 'db_file_mb', 'rss_mb']) {
        expect(finite(f[name]), name).toBe(true);
      }
      for (const name of Object.keys(TARGETS)) expect(f).toHaveProperty(name);
      expect(formatTable(results.figures)).toContain('swipe_lookup_ms');
      // The measuring happened on a copy: the cached shop still has exactly the generated purchases.
      const cached = fs.readdirSync(path.join(dir, 'cache')).find((d) => d.startsWith('shop-'))!;
      const backend = await openBackend(path.join(dir, 'cache', cached));
      try {
        expect(datasetDigest(backend.database)).toBe(results.dataset.digest);
      } finally {
        await backend.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds the same shop from the same seed', async () => {
    const dirs = [tempDir(), tempDir(), tempDir()];
    try {
      const spec = { customers: 300, sales: 3000, seed: 42 };
      const a = await buildShop(dirs[0]!, spec);
      const b = await buildShop(dirs[1]!, spec);
      const c = await buildShop(dirs[2]!, { ...spec, seed: 43 });
      expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(b.digest).toBe(a.digest);
      expect(c.digest).not.toBe(a.digest);
      expect({ cards: b.cards, voids: b.voids, walkIns: b.walkIns }).toEqual({ cards: a.cards, voids: a.voids, walkIns: a.walkIns });
    } finally {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
