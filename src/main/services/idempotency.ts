/**
 * Client-chosen idempotency keys for the calls that create something (sales.record,
 * customers.create, cards.issue). A till whose answer was lost retries with the same key and
 * gets the first result back, never a second sale; the same key with another request is
 * refused. The key row is written in the same transaction as what it created, so either both
 * exist or neither does. Keys are kept a week: a retry comes within seconds or, from a tablet
 * that lost its connection, hours.
 */
import crypto from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/errors';
import type { Database } from '../db/schema';
import { preparedInsert } from '../db/prepared';
import type { Ctx, Tx } from './context';

export const IDEMPOTENCY_KEEP_DAYS = 7;

/** A keyed call: the client's key, the method and a digest of its parsed input (the key left out). */
export interface KeyedRequest {
  key: string;
  method: string;
  hash: string;
}

export function keyedRequest(method: string, key: string | null | undefined, input: unknown): KeyedRequest | null {
  if (!key) return null;
  // The parsed input: keys in schema order and values normalised (trimmed names, defaults), so
  // two spellings of the same request hash alike.
  const hash = crypto.createHash('sha256').update(method).update('\0').update(JSON.stringify(input)).digest('base64url');
  return { key, method, hash };
}

interface StoredKey {
  method: string;
  request_hash: string;
  result: string;
}

/** The first result for this key; throws when the key came with another request. */
function replay<T>(row: StoredKey, req: KeyedRequest): T {
  if (row.method !== req.method || row.request_hash !== req.hash) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This request key was already used for a different request, so nothing was saved. A new request needs a new key.',
      { field: 'idempotencyKey' },
    );
  }
  return JSON.parse(row.result) as T;
}

/**
 * Runs `create` inside the caller's transaction unless the key already has a result. The key is
 * claimed first, with a write: in a deferred transaction a read first would make the later write
 * fail at once, instead of waiting its turn, whenever another process (the CLI) committed between.
 */
export async function idempotent<T>(tx: Tx, req: KeyedRequest | null, at: string, create: () => Promise<T>): Promise<T> {
  if (!req) return create();
  const claim = await tx
    .insertInto('idempotency_keys')
    .values({ key: req.key, method: req.method, request_hash: req.hash, result: '', created_at: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) {
    const row = await tx
      .selectFrom('idempotency_keys')
      .select(['method', 'request_hash', 'result'])
      .where('key', '=', req.key)
      .executeTakeFirstOrThrow();
    return replay<T>(row, req);
  }
  const result = await create();
  await tx
    .updateTable('idempotency_keys')
    .set({ result: JSON.stringify(result) })
    .where('key', '=', req.key)
    .execute();
  return result;
}

/**
 * The counter's synchronous form, for sales.record's IMMEDIATE transaction (which already holds
 * the write lock, so looking first is safe): one primary-key lookup, and one insert for a new key.
 */
export function idempotencyStatements(k: { db: Kysely<Database>; sqlite: BetterSqlite3.Database }) {
  const find = k.sqlite.prepare(
    k.db.selectFrom('idempotency_keys').select(['method', 'request_hash', 'result']).where('key', '=', '').compile().sql,
  );
  const insert = preparedInsert(k, 'idempotency_keys', ['key', 'method', 'request_hash', 'result', 'created_at']);
  return {
    /** The first result for the key, or undefined when it is new. */
    replay<T>(req: KeyedRequest): T | undefined {
      const row = find.get(req.key) as StoredKey | undefined;
      return row ? replay<T>(row, req) : undefined;
    },
    remember(req: KeyedRequest, result: unknown, at: string): void {
      insert([req.key, req.method, req.hash, JSON.stringify(result), at]);
    },
  };
}

/** Forgets keys older than IDEMPOTENCY_KEEP_DAYS; returns how many. */
export async function pruneIdempotencyKeys(ctx: Ctx): Promise<number> {
  const before = new Date(ctx.now().getTime() - IDEMPOTENCY_KEEP_DAYS * 86_400_000).toISOString();
  const r = await ctx.db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
