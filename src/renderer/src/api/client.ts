/**
 * The renderer's only way to the backend. It speaks the shared contract's types and picks the
 * transport: the preload bridge inside Electron, the loopback HTTP API in browser mode.
 */
import type { Method, MethodInput, MethodOutput } from '../../../shared/contract';
import { accessOf } from '../../../shared/contract/roles';
import type { ApiError, ApiResult } from '../../../shared/errors';

export class ApiCallError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.error = error;
  }
}

const TOKEN_KEY = 'regulars.token';

/** Takes the token from the URL fragment (#token=…) once, keeps it for the tab, and cleans the URL. */
export function captureToken(): string | null {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!));
    const rest = window.location.hash.replace(/(^#|&)token=[^&]+/, '$1').replace(/^#&/, '#');
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest === '#' ? '' : rest));
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** How long a keyed call waits before each resend after its connection dropped (about 2.5 s in all). */
const RESEND_AFTER_MS = [250, 750, 1500];

const lost = (retrySafe: boolean): ApiResult<unknown> => ({
  ok: false,
  error: retrySafe
    ? {
        code: 'CONNECTION_LOST_RETRY_SAFE',
        message: 'The connection to Regulars was lost. Trying again is safe: it will not be recorded twice.',
      }
    : {
        code: 'CONNECTION_LOST',
        message: 'The connection to Regulars was lost before the answer came back; it may or may not have been saved.',
      },
});

const SESSION_KEY = 'regulars.session';
let asking: Promise<ApiResult<string>> | null = null;

/**
 * This tab's own session id, chosen by the server (transport/http.ts): who signs in at one tab is
 * not signed in at another, and a tablet on the LAN may only use an id the server issued.
 * Concurrent first calls share one request.
 */
function tabSession(token: string): Promise<ApiResult<string>> {
  const kept = sessionStorage.getItem(SESSION_KEY);
  if (kept) return Promise.resolve({ ok: true, value: kept });
  asking ??= (async (): Promise<ApiResult<string>> => {
    const res = await fetch('/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as ApiResult<{ session: string }>;
    if (!body.ok) return body;
    sessionStorage.setItem(SESSION_KEY, body.value.session);
    return { ok: true, value: body.value.session };
  })().finally(() => {
    asking = null;
  });
  return asking;
}

/** One request; null when the connection failed or the answer did not arrive whole. */
async function sendOnce(method: string, input: unknown): Promise<ApiResult<unknown> | null> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  try {
    for (let attempt = 0; ; attempt++) {
      const session = await tabSession(token);
      if (!session.ok) return session;
      const res = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-regulars-session': session.value },
        body: JSON.stringify(input ?? {}),
      });
      const result = (await res.json()) as ApiResult<unknown>;
      // The server restarted (sessions live in its memory) or the id predates LAN mode: the call
      // did not run, so it goes once more under a new session, which then asks for the PIN.
      if (result.ok || result.error.code !== 'SESSION_UNKNOWN' || attempt > 0) return result;
      if (sessionStorage.getItem(SESSION_KEY) === session.value) sessionStorage.removeItem(SESSION_KEY);
    }
  } catch {
    return null;
  }
}

/**
 * A dropped connection says nothing about whether the server did the work: the answer may be what
 * was lost. A call carrying an idempotency key is sent again with the same key (the server answers a
 * repeat with the first result, so a sale is never recorded twice); any other call reports the loss
 * honestly instead of claiming that nothing was saved.
 */
async function overHttp(method: string, input: unknown): Promise<ApiResult<unknown>> {
  const keyed = typeof input === 'object' && input !== null && typeof (input as { idempotencyKey?: unknown }).idempotencyKey === 'string';
  const first = await sendOnce(method, input);
  if (first) return first;
  if (!keyed) return lost(false);
  for (const ms of RESEND_AFTER_MS) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const again = await sendOnce(method, input);
    if (again) return again;
  }
  return lost(true);
}

/**
 * The shell's answers to the role check (App.tsx): the lock screen when a call finds nobody signed
 * in, and a manager's PIN for an owner-only change (the call is then made once more).
 */
export const staffGate: { signInRequired?: () => void; approve?: (method: string) => Promise<boolean> } = {};

const send = (method: string, input: unknown): Promise<ApiResult<unknown>> =>
  window.regulars ? window.regulars.invoke(method, input) : overHttp(method, input);

export async function call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  let result = await send(method, input);
  // Only changes ask for a manager: a page that merely reads says it is the owner's.
  if (!result.ok && result.error.code === 'OWNER_ONLY' && accessOf(method).audit && method !== 'staff.approve' && staffGate.approve) {
    if (await staffGate.approve(method)) result = await send(method, input);
  }
  if (!result.ok && result.error.code === 'SIGN_IN_REQUIRED') staffGate.signInRequired?.();
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value as MethodOutput<M>;
}
