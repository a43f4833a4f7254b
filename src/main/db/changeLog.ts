/**
 * The change log: one row per write of an entity, in the same transaction as the write. It feeds
 * the analysis caches (services/derived.ts reads what changed since its last look), the audit
 * view and, later, sync. Every writer goes through this module: `logChange` inside a kysely
 * transaction, `changeLogWriter` on the prepared, synchronous path (the counter's sale, bulk).
 */
import type { Kysely } from 'kysely';
import { preparedInsert, type SyncDb } from './prepared';
import type { Database } from './schema';

export interface Change {
  entity: string;
  entityId: string;
  op: string;
  /** UTC ISO-8601 instant of the write. */
  at: string;
}

function row(c: Change) {
  return { entity: c.entity, entity_id: c.entityId, op: c.op, at: c.at };
}

/** Appends one change inside the caller's kysely transaction. */
export async function logChange(tx: Kysely<Database>, entity: string, entityId: string, op: string, at: string): Promise<void> {
  await tx.insertInto('change_log').values(row({ entity, entityId, op, at })).execute();
}

/** A synchronous appender for the prepared path; call it inside the write's transaction. */
export function changeLogWriter(k: SyncDb): (entity: string, entityId: string, op: string, at: string) => void {
  const insert = preparedInsert(k, 'change_log', ['entity', 'entity_id', 'op', 'at']);
  return (entity, entityId, op, at) => {
    const r = row({ entity, entityId, op, at });
    insert([r.entity, r.entity_id, r.op, r.at]);
  };
}
