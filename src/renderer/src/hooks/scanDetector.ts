/**
 * Tells a keyboard-wedge card reader from a person. Readers send characters 7–16 ms apart and
 * finish with Enter; people type 50 ms or more apart. At Enter, the longest run of the latest
 * characters that has at least SCAN_MIN_LENGTH characters, an average gap of at most
 * SCAN_MEAN_GAP_MS and no single gap over SCAN_MAX_GAP_MS (a busy machine may hold one key back)
 * is the scan; characters a person typed before it are left out of it.
 */
export const SCAN_MIN_LENGTH = 8;
export const SCAN_MEAN_GAP_MS = 40;
export const SCAN_MAX_GAP_MS = 250;
/** A gap no reader makes in a healthy burst. */
export const SCAN_SLOW_GAP_MS = 70;

export interface ScanDetector<T> {
  /** A printable character arrived; `context` is what to remember at this key (e.g. the focused field's value). */
  char(ch: string, at: number, context: () => T): void;
  /** Enter arrived: the scanned text and the context at its first key, or null when a person typed. */
  enter(at: number): { code: string; context: T } | null;
  reset(): void;
}

interface Key<T> {
  ch: string;
  at: number;
  context: T;
}

export function createScanDetector<T>(): ScanDetector<T> {
  let keys: Key<T>[] = [];
  const reset = (): void => {
    keys = [];
  };
  return {
    char(ch, at, context) {
      const last = keys.at(-1);
      if (last && at - last.at > SCAN_MAX_GAP_MS) keys = [];
      keys.push({ ch, at, context: context() });
    },
    enter(at) {
      const run = keys;
      reset();
      const last = run.at(-1);
      if (!last || at - last.at > SCAN_MAX_GAP_MS) return null;
      // The longest run that is fast on average with at most one held-back key inside it. Keys a
      // person typed more than SCAN_MAX_GAP_MS before the swipe already started a new burst.
      for (let start = 0; start + SCAN_MIN_LENGTH <= run.length; start++) {
        const slow: number[] = [];
        for (let i = start + 1; i < run.length; i++) if (run[i]!.at - run[i - 1]!.at > SCAN_SLOW_GAP_MS) slow.push(i);
        if (slow.length > 1) continue;
        const mean = (last.at - run[start]!.at) / (run.length - start - 1);
        if (mean <= SCAN_MEAN_GAP_MS)
          return {
            code: run
              .slice(start)
              .map((k) => k.ch)
              .join(''),
            context: run[start]!.context,
          };
      }
      return null;
    },
    reset,
  };
}
