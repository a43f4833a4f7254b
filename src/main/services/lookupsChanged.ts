/**
 * An import checks its file (parsing, validation, lookups of customers and settings: most of its
 * time) before it takes the write lock, so the counter sells meanwhile; inside the lock it checks
 * again only if what it looked up changed. Every write is logged (db/changeLog.ts), so the log
 * says: the counter's sales, the usual entries in between, change nothing a plan reads.
 */
import { ENTITY_CODES } from '../db/entities';
import type { Tx } from './context';

/** The change log's last entry, noted before checking. */
export async function lastChangeSeq(tx: Tx): Promise<number> {
  const row = await tx.selectFrom('change_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row?.seq ?? 0;
}

/**
 * Whether anything a plan looked up (customers and their codes, the settings) was written after
 * `seq`: a range scan of the log's primary key from `seq` on. Receipts a sales import found already
 * stored are not looked at again: another import of the same source in between makes the unique
 * receipt index refuse the write, and nothing is imported.
 */
export async function lookupsChangedSince(tx: Tx, seq: number): Promise<boolean> {
  const row = await tx
    .selectFrom('change_log')
    .select('seq')
    .where('seq', '>', seq)
    .where('entity', 'in', [ENTITY_CODES.customer, ENTITY_CODES.settings])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
