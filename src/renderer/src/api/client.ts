/**
 * The renderer's only way to the backend. It speaks the shared contract's types and picks the
 * transport: the preload bridge inside Electron, the loopback HTTP API in browser mode.
 */
import type { Method, MethodInput, MethodOutput } from '../../../shared/contract';
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

async function overHttp(method: string, input: unknown): Promise<ApiResult<unknown>> {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  let res: Response;
  try {
    res = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The Regulars server is not reachable.' } };
  }
  return (await res.json()) as ApiResult<unknown>;
}

export async function call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = window.regulars ? await window.regulars.invoke(method, input) : await overHttp(method, input);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value as MethodOutput<M>;
}
