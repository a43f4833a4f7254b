import type { Method, MethodOutput, MethodParsed } from '../../shared/contract';
import type { Ctx } from '../services/context';

export type Handler<M extends Method> = (ctx: Ctx, input: MethodParsed<M>) => Promise<MethodOutput<M>>;
export type HandlerMap<K extends Method> = { [M in K]: Handler<M> };
