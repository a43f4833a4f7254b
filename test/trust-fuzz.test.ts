/**
 * The short fuzz run of issue 19 (10,000 inputs in `npm run trust`): ~1,000 seeded inputs over
 * every contract method through the HTTP transport. No 5xx, no hang, always the API envelope, and a
 * refused call leaves every table as it was.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../bench/trust/fuzz';
import { contract } from '../src/shared/contract';

describe('fuzzing every contract method over HTTP', () => {
  it('answers 1,000 hostile inputs without a failure', async () => {
    const r = await runFuzz({ inputs: 1000, seed: 19 });
    expect(r.failures).toEqual([]);
    expect(r.fuzz_methods).toBe(Object.keys(contract).length);
    // The plausible inputs get through to the services, not only the first check.
    expect(r.fuzz_accepted).toBeGreaterThan(100);
  }, 120_000);
});
