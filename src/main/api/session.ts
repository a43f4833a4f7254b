/**
 * Who is signed in, per window (IPC) or per browser tab (HTTP): the transports keep one Session for
 * each and hand it to dispatch with every call. The command line and the tests call dispatch
 * without one: whoever can run them can read the shop's file anyway.
 *
 * LAN mode (`serve --lan`, transport/http.ts): every device shares the printed token, so a tab on
 * another device names a session id the server issued, and past the lock screen it must be signed
 * in with a PIN. A session lives only in the serving process's memory: a restart asks everyone for
 * their PIN again.
 */
import type { StaffRole } from '../../shared/contract/staff';

/** The server signs a session out after this long without a call (the window locks itself sooner). */
export const IDLE_SIGN_OUT_MS = 30 * 60_000;
/** How long a manager's approval waits for its one call. */
export const APPROVAL_MS = 2 * 60_000;

export interface Session {
  staffId: string | null;
  name: string | null;
  role: StaffRole | null;
  /** accounts.ts's generation when the account was last read: a change since means read it again. */
  generation: number;
  /** Date.now() of the last call (the real clock: tests pin the services' clock to a day, not a minute). */
  lastActive: number;
  approval: { method: string; byName: string; until: number } | null;
}

export function newSession(): Session {
  return { staffId: null, name: null, role: null, generation: 0, lastActive: Date.now(), approval: null };
}

export function signOut(session: Session): void {
  session.staffId = null;
  session.name = null;
  session.role = null;
  session.approval = null;
}
