import type { Method, MethodOutput, MethodParsed } from '../../shared/contract';
import type { Ctx } from '../services/context';
import type { Session } from './session';

/**
 * What dispatch offers a handler for one call. `beforeCommit()` hands the handler a writer for its
 * own transaction to run, with the answer, just before it commits: the call's audit row then
 * commits with the call (one fsync, both or neither) instead of in a commit of its own after the
 * answer. Taking it (undefined when the call is not audited) promises to run it for every write the
 * call makes; a replayed answer (idempotency) has its row already and runs nothing.
 */
export interface Call {
  beforeCommit(): ((answer: unknown) => void) | undefined;
}

/** `session`: the calling window's or tab's; absent for the command line and tests (dispatch.ts). */
export type Handler<M extends Method> = (ctx: Ctx, input: MethodParsed<M>, session?: Session, call?: Call) => Promise<MethodOutput<M>>;
export type HandlerMap<K extends Method> = { [M in K]: Handler<M> };
