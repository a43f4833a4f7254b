/**
 * Wrong PINs slow the next try down, for the whole shop (not per window or tab: a new browser tab
 * must not buy fresh tries). Three wrong PINs are free (fingers slip), then each one doubles the
 * wait from 2 s up to 5 minutes; a right PIN clears it. Kept in memory: restarting the app clears
 * it, which costs an attacker a restart per few tries and is never a lock-out for the shop.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export const FREE_TRIES = 3;
export const MAX_WAIT_MS = 300_000;

interface State {
  failures: number;
  until: number;
}

const states = new WeakMap<Kysely<Database>, State>();

function stateOf(db: Kysely<Database>): State {
  let s = states.get(db);
  if (!s) states.set(db, (s = { failures: 0, until: 0 }));
  return s;
}

/** Milliseconds until the next PIN may be tried (0: now). */
export function waitBeforeTry(db: Kysely<Database>, nowMs: number): number {
  return Math.max(0, stateOf(db).until - nowMs);
}

export function recordFailure(db: Kysely<Database>, nowMs: number): void {
  const s = stateOf(db);
  s.failures += 1;
  const over = s.failures - FREE_TRIES;
  if (over > 0) s.until = nowMs + Math.min(MAX_WAIT_MS, 1000 * 2 ** over);
}

export function recordSuccess(db: Kysely<Database>): void {
  const s = stateOf(db);
  s.failures = 0;
  s.until = 0;
}
