/** Timing helpers: nearest-rank percentiles over many calls, rounded for people and JSON alike. */
import { nextTurn } from '../../src/main/services/context';

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

export function percentiles(samples: number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
  return { p50: round(at(50)), p99: round(at(99)), max: round(s[s.length - 1] ?? NaN), n: s.length };
}

/**
 * Runs `fn` for every input (after `warmup` untimed calls) and returns the per-call times. The
 * app's calls arrive one event at a time (an IPC message, an HTTP request), so timers (the WAL
 * checkpoint) run between them: an untimed turn of the event loop before each call does the same.
 */
export async function timeEach<T>(inputs: readonly T[], fn: (input: T) => Promise<unknown>, warmup = 10): Promise<Percentiles> {
  for (let i = 0; i < Math.min(warmup, inputs.length); i++) await fn(inputs[i]!);
  const times: number[] = [];
  for (const input of inputs) {
    await nextTurn();
    const t = performance.now();
    await fn(input);
    times.push(performance.now() - t);
  }
  return percentiles(times);
}
