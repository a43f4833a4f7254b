/**
 * Hybrid logical clock timestamps for the change log (issue 14): the physical time in
 * milliseconds and a counter, packed into one integer that sorts as the time does, plus the
 * install that made the change, which breaks ties between installs. A local event takes the
 * physical clock when it has moved on, else the last timestamp + 1, so timestamps never go back
 * when the computer's clock does; receiving a remote timestamp moves the local clock past it, so
 * what happens after a sync sorts after everything the sync brought.
 *
 * Packed: ms × 1024 + counter. 1024 events in one millisecond carry into the next (the physical
 * part then runs a little ahead, as HLC allows); the integer stays exact in a double until 2248,
 * and SQLite stores it in 8 bytes.
 */
export type Hlc = number;

export const HLC_COUNTER_SPAN = 1024;
const MAX_MS = Math.floor(Number.MAX_SAFE_INTEGER / HLC_COUNTER_SPAN) - 1;

export function packHlc(ms: number, counter = 0): Hlc {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_MS) throw new RangeError(`HLC time out of range: ${ms}`);
  if (!Number.isInteger(counter) || counter < 0 || counter >= HLC_COUNTER_SPAN)
    throw new RangeError(`HLC counter out of range: ${counter}`);
  return ms * HLC_COUNTER_SPAN + counter;
}

export function hlcMs(h: Hlc): number {
  return Math.floor(h / HLC_COUNTER_SPAN);
}

export function hlcCounter(h: Hlc): number {
  return h % HLC_COUNTER_SPAN;
}

/** The timestamp of a local event after `last` (0: none yet), with the physical clock at `nowMs`. */
export function tickHlc(last: Hlc, nowMs: number): Hlc {
  return Math.max(last + 1, packHlc(Math.max(0, Math.floor(nowMs))));
}

/** The local clock after receiving `remote`: later than both, and not behind the physical clock. */
export function receiveHlc(local: Hlc, remote: Hlc, nowMs: number): Hlc {
  return Math.max(local + 1, remote + 1, packHlc(Math.max(0, Math.floor(nowMs))));
}

/** How far a remote timestamp is ahead of this computer's clock, in ms (sync warns past a minute; it never refuses). */
export function hlcAheadMs(remote: Hlc, nowMs: number): number {
  return Math.max(0, hlcMs(remote) - nowMs);
}

/** Total order of changes from all installs: the timestamp, then the install id. */
export function compareHlc(a: { hlc: Hlc; install: string }, b: { hlc: Hlc; install: string }): number {
  return a.hlc - b.hlc || (a.install < b.install ? -1 : a.install > b.install ? 1 : 0);
}

/**
 * The text form for feeds and logs, sortable as text: ISO time, counter (4 hex), install id
 * without dashes (32 hex). 2026-11-25T03:00:00.000Z-0001-0192f…
 */
export function formatHlc(h: Hlc, install: string): string {
  const id = install.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) throw new RangeError(`not an install id: ${install}`);
  return `${new Date(hlcMs(h)).toISOString()}-${hlcCounter(h).toString(16).padStart(4, '0')}-${id}`;
}

const TEXT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{32})$/;

export function parseHlc(text: string): { hlc: Hlc; install: string } | null {
  const m = TEXT.exec(text);
  if (!m) return null;
  const ms = Date.parse(m[1]!);
  const counter = parseInt(m[2]!, 16);
  if (!Number.isFinite(ms) || counter >= HLC_COUNTER_SPAN || new Date(ms).toISOString() !== m[1]) return null;
  const h = m[3]!;
  return { hlc: packHlc(ms, counter), install: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}` };
}
