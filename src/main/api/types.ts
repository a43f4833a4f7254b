import type { Method, MethodOutput, MethodParsed } from '../../shared/contract';
import type { Ctx } from '../services/context';
import type { Session } from './session';

/** `session`: the calling window's or tab's; absent for the command line and tests (dispatch.ts). */
export type Handler<M extends Method> = (ctx: Ctx, input: MethodParsed<M>, session?: Session) => Promise<MethodOutput<M>>;
export type HandlerMap<K extends Method> = { [M in K]: Handler<M> };
