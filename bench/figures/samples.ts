/**
 * Who walks up to the till: a random purchase's customer, so regulars appear as often as they
 * come (a uniform pick over customers would mostly measure people with one visit).
 */
import type { Backend } from '../../src/main/backend';
import { dispatch } from '../../src/main/api/dispatch';
import { apiId } from '../../src/main/services/keys';
import type { Method, MethodInput, MethodOutput } from '../../src/shared/contract';
import type { Rng } from '../lib/prng';

export interface Visitor {
  /** The API's id (a UUID). */
  id: string;
  /** The customer's local key, for figures that read the file directly. */
  key: number;
  fullName: string;
  phone: string | null;
  code: string;
  cardNumber: string | null;
}

export async function drawVisitors(backend: Backend, rng: Rng, n: number): Promise<Visitor[]> {
  const db = backend.ctx.db;
  const last = await db
    .selectFrom('sales')
    .select((eb) => eb.fn.max('id').as('n'))
    .executeTakeFirstOrThrow();
  const maxKey = Number(last.n ?? 0);
  const out: Visitor[] = [];
  for (let attempt = 0; out.length < n && attempt < n * 20 && maxKey > 0; attempt++) {
    const row = await db
      .selectFrom('sales as s')
      .innerJoin('customers as c', 'c.id', 's.customer_id')
      .leftJoin('cards as k', (j) => j.onRef('k.customer_id', '=', 'c.id').on('k.status', '=', 'active'))
      .select(['c.id', 'c.gid', 'c.full_name', 'c.phone', 'c.code', 'k.number'])
      .where('s.id', '=', rng.int(1, maxKey))
      .executeTakeFirst();
    if (row)
      out.push({
        id: apiId(row.gid),
        key: row.id,
        fullName: row.full_name,
        phone: row.phone,
        code: row.code,
        cardNumber: row.number ?? null,
      });
  }
  return out;
}

/** The UI's path: contract validation, handler, services. A failure stops the benchmark. */
export async function call<M extends Method>(backend: Backend, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const r = await dispatch(backend.ctx, method, input);
  if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.value as MethodOutput<M>;
}
