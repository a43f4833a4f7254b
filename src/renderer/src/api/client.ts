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

const SESSION_KEY = 'regulars.session';

/** This tab's own session id: who signs in at one tab is not signed in at another (transport/http.ts). */
function tabSession(): string {
  let id = sessionStorage.getItem(SESSION_KEY);
  if (!id) sessionStorage.setItem(SESSION_KEY, (id = crypto.randomUUID()));
  return id;
}

async function overHttp(method: string, input: unknown): Promise<ApiResult<unknown>> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-regulars-session': tabSession() },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The Regulars server is not reachable.' } };
  }
  return (await res.json()) as ApiResult<unknown>;
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
