/**
 * Tells a keyboard-wedge card reader from a person. Readers send characters 7–16 ms apart and
 * finish with Enter; people type 50 ms or more apart. A burst of at least SCAN_MIN_LENGTH
 * characters whose average gap is at most SCAN_MEAN_GAP_MS, with no single gap over
 * SCAN_MAX_GAP_MS (a busy machine may delay one key), ending in Enter, is a scan.
 */
export const SCAN_MIN_LENGTH = 8;
export const SCAN_MEAN_GAP_MS = 35;
export const SCAN_MAX_GAP_MS = 80;

export interface ScanDetector<T> {
  /** A printable character arrived; `context` is remembered from the first key of a burst. */
  char(ch: string, at: number, context: () => T): void;
  /** Enter arrived: the scanned text and the burst's first-key context, or null when typed by a person. */
  enter(at: number): { code: string; context: T } | null;
  reset(): void;
}

export function createScanDetector<T>(): ScanDetector<T> {
  let chars = '';
  let first = 0;
  let last = 0;
  let ctx: T | null = null;
  const reset = (): void => {
    chars = '';
    ctx = null;
  };
  return {
    char(ch, at, context) {
      if (chars === '' || at - last > SCAN_MAX_GAP_MS) {
        chars = ch;
        first = at;
        ctx = context();
      } else chars += ch;
      last = at;
    },
    enter(at) {
      const ok = chars.length >= SCAN_MIN_LENGTH && at - last <= SCAN_MAX_GAP_MS && (last - first) / (chars.length - 1) <= SCAN_MEAN_GAP_MS;
      const result = ok ? { code: chars, context: ctx as T } : null;
      reset();
      return result;
    },
    reset,
  };
}
