/**
 * The single entry both transports call: validate against the contract, run the handler,
 * and turn every outcome into `{ok:true,value}` or `{ok:false,error}`. Nothing but a parsed,
 * valid input ever reaches a service.
 */
import type { ZodError } from 'zod';
import { contract, isMethod, type Method, type MethodOutput } from '../../shared/contract';
import { accessOf } from '../../shared/contract/roles';
import { AppError, isErrorCode, type ApiError, type ApiResult } from '../../shared/errors';
import { validationParams, valueAt } from '../../shared/validation';
import { isBusyError, retryWhileBusy } from '../db/busy';
import { shopOpen } from '../services/backups/shop';
import type { Ctx } from '../services/context';
import { auditDetail, flushBeforeWithin, writeAudit, writeAuditWithin, type AuditRow } from '../services/staff/audit';
import { checkInputRole, checkRole } from './access';
import { handlers } from './handlers';
import type { Session } from './session';
import type { Call } from './types';

/**
 * The first issue as an ApiError. `params.reason` (with `max`/`min` where they matter) names the
 * rule that failed in words the UI translates; `message` stays English for logs and the CLI.
 */
export function zodToApiError(err: ZodError, rawInput?: unknown): ApiError {
  const issue = err.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'invalid input';
  // A refinement may name its own error code (a phone's problems), which the UI translates as it is.
  const own: unknown = issue?.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  const e: ApiError = { code: isErrorCode(own) ? own : 'VALIDATION', message };
  if (field) e.field = field;
  if (issue) e.params = validationParams(issue, valueAt(rawInput, issue.path));
  return e;
}

export const shopFileBusy = (): ApiError => ({
  code: 'SHOP_FILE_BUSY',
  message: 'The shop file is busy (another program is writing to it); nothing was saved. Try again in a moment.',
});

/**
 * `session` is who is signed in at the calling window or tab (the transports keep one each); the
 * command line and the tests pass none and are never asked for a role (roles.ts). `from.remote`:
 * the HTTP transport's call from another device (LAN mode), which needs accounts to exist.
 */
export async function dispatch(
  ctx: Ctx,
  method: string,
  rawInput: unknown,
  session?: Session,
  from: { remote: boolean } = { remote: false },
): Promise<ApiResult<unknown>> {
  if (!isMethod(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method ${method}.` } };
  const access = accessOf(method);
  let approvedBy: string | null = null;
  // While a restore swaps the shop's file, calls wait for the new one instead of failing on a closed connection.
  await shopOpen(ctx);
  if (session) {
    // Before the input is read: a caller who may not call this learns nothing from its validation.
    try {
      ({ approvedBy } = await checkRole(ctx, session, method, access.role, from.remote));
    } catch (e) {
      return failure(method, e);
    }
  }
  let parsed: ReturnType<(typeof contract)[Method]['input']['safeParse']>;
  try {
    parsed = contract[method].input.safeParse(rawInput ?? undefined);
  } catch (e) {
    // The schemas bound what they read, but a parse that throws anyway (a stack overflow on some
    // shape nobody foresaw) is still the input's fault: refuse it, never crash or answer INTERNAL.
    console.error(`[regulars] ${method}: the input could not be checked`, e);
    return { ok: false, error: { code: 'VALIDATION', message: 'The input could not be checked: it is too large or too deeply nested.' } };
  }
  if (!parsed.success) return { ok: false, error: zodToApiError(parsed.error, rawInput) };
  try {
    const run = handlers[method] as (c: Ctx, i: unknown, s?: Session, call?: Call) => Promise<MethodOutput<Method>>;
    const started = performance.now();
    // A handler that failed busy wrote nothing (each is one transaction, or keyed), so it runs again
    // once the other writer lets go; the wait is asynchronous, so the counter's other calls go on.
    const input = parsed.data;
    if (session) ({ approvedBy } = await checkInputRole(ctx, session, method, input, approvedBy));
    // Signing in is recorded under the person who signed in (the session after the call).
    const actor = session?.staffId ? { id: session.staffId, name: session.name } : null;
    const auditRow = (value: unknown): AuditRow => {
      const who = actor ?? (session?.staffId ? { id: session.staffId, name: session.name } : null);
      return {
        staffId: who?.id ?? null,
        staffName: who?.name ?? null,
        via: session ? 'app' : 'cli',
        action: method,
        detail: auditDetail(input, value),
        approvedBy,
      };
    };
    let auditedWithin = false;
    const call: Call = {
      beforeCommit: () => {
        if (!access.audit) return undefined;
        auditedWithin = true;
        flushBeforeWithin(ctx);
        return (value) => writeAuditWithin(ctx, auditRow(value));
      },
    };
    const value = await retryWhileBusy(() => run(ctx, input, session, call), undefined, access.audit, ctx.sqlite?.name);
    if (approvedBy !== null && session) session.approval = null;
    if (access.audit && !auditedWithin) writeAudit(ctx, auditRow(value));
    const ms = performance.now() - started;
    if (ms > 40) console.warn(`[regulars] slow call ${method}: ${ms.toFixed(1)} ms`);
    return { ok: true, value };
  } catch (e) {
    return failure(method, e);
  }
}

function failure(method: string, e: unknown): ApiResult<unknown> {
  if (e instanceof AppError) return { ok: false, error: e.toJSON() };
  if (isBusyError(e)) return { ok: false, error: shopFileBusy() };
  console.error(`[regulars] ${method} failed`, e);
  return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong; nothing was saved. The details are in the log.' } };
}
