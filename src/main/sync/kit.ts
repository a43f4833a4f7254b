/**
 * What an entry kind's own module needs of the feed being applied (sync/apply.ts builds it once per
 * feed): the transaction, the row lookups that wait for rows not arrived yet, the install keys, and
 * the logger that writes an applied change under its writer's clock.
 */
import { z } from 'zod';
import type { Hlc } from '../../shared/hlc';
import type { ExpressionBuilder } from 'kysely';
import { ENTITY_CODES, type EntityName } from '../db/entities';
import type { Database } from '../db/schema';
import type { Tx } from '../services/context';
import type { FactId } from './entries';
import type { FactTable } from './factIndex';

export interface ApplyKit {
  trx: Tx;
  /** The local key of a customer by global id; throws WaitingFor when it has not arrived. */
  customerKey(gid: string): Promise<number>;
  /** The local key of a purchase or ledger row by global id, or null. */
  factKey(table: 'sales' | 'points_ledger', id: FactId): Promise<number | null>;
  /** What the feed's read-ahead knows of a row by global id: its key, null when absent, undefined when not read. */
  known(table: FactTable, id: FactId): number | null | undefined;
  /** The local key of an install the feed listed. */
  installKey(id: string): number;
  /** Install keys → global ids, for the clocks read from the change log. */
  installIds: ReadonlyMap<number, string>;
  /** Throws WaitingFor: the feed waits for a row made on a third install. */
  wait(reason: string): never;
  log(entity: EntityName, entityId: number, op: string, hlc: Hlc, origin: number, fields: readonly string[] | null): Promise<void>;
}

/** Where an export is cut: this install's log entries after `from` up to `to`; `first` is the install's first feed. */
export interface ExportRange {
  trx: Tx;
  first: boolean;
  from: number;
  to: number;
  current: number;
  installIds: ReadonlyMap<number, string>;
}

/**
 * The keys of `entity`'s rows this install's own entries touched in the range (`narrow` keeps only
 * some entries); undefined for the install's first feed, which sends every row.
 */
export async function ownTouchedKeys(
  r: ExportRange,
  entity: EntityName,
  narrow?: (eb: ExpressionBuilder<Database, 'change_log'>) => ReturnType<ExpressionBuilder<Database, 'change_log'>['or']>,
): Promise<number[] | undefined> {
  if (r.first) return undefined;
  const rows = await r.trx
    .selectFrom('change_log')
    .select('entity_id')
    .distinct()
    .where('entity', '=', ENTITY_CODES[entity])
    .where('origin', '=', r.current)
    .where('seq', '>', r.from)
    .where('seq', '<=', r.to)
    .$if(narrow !== undefined, (q) => q.where(narrow!))
    .execute();
  return rows.map((x) => x.entity_id);
}

/** A global id's text form (an install's, a customer's): lowercase hex in 8-4-4-4-12. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const zUuid = z.string().regex(UUID);
export const zInt = z.number().int();
export const zClock = z.tuple([zInt.min(0), z.union([zUuid, z.literal('')])]);
/**
 * A purchase's or ledger row's global id, [install id, key ≥ 1]: the same rule as
 * z.tuple([zUuid, zInt.min(1)]) in one check. A batch of 10,000 purchases carries ~40,000 of them
 * (each purchase, its ledger row, the row's purchase and lot, the audit row and its purchase), and
 * zod's tuple took a third of the feed's checks.
 */
export const zFactId = z.custom<[install: string, key: number]>(
  (v) => Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && UUID.test(v[0]) && Number.isSafeInteger(v[1]) && v[1] >= 1,
  { message: 'expected [install id, key ≥ 1]' },
);
