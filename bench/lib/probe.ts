/** The counter's wait while a long job runs: the benchmark's figures and the measuring scripts share it. */

/** Runs `job` while a purchase is rung up every `everyMs`; returns the job's time and each purchase's. */
export async function withCounterProbe(
  job: () => Promise<unknown>,
  sale: (i: number) => Promise<unknown>,
  everyMs: number,
): Promise<{ ms: number; waits: number[] }> {
  const waits: number[] = [];
  let running = true;
  const probe = (async () => {
    // The first purchase comes at once (a short job would otherwise finish before any), then every everyMs.
    for (let i = 0; running; i++) {
      // Timed from when the purchase was due: one due while a chunk holds the thread waits for the
      // whole chunk, and its timer only runs after it (timed from there, the wait behind a chunk was
      // never seen; at load 8–11, p99 20–29 ms timed from the timer, 133 ms from when due).
      const due = performance.now() + (i === 0 ? 0 : everyMs);
      await new Promise((r) => (i === 0 ? setImmediate(r) : setTimeout(r, everyMs)));
      if (!running) break;
      await sale(i);
      waits.push(performance.now() - due);
    }
  })();
  const t = performance.now();
  await job();
  const ms = performance.now() - t;
  running = false;
  await probe;
  return { ms, waits };
}
