/**
 * Receipts two tills imported under one number before they synced (issue 18): both purchases are
 * kept (nothing dropped) and listed as "found while syncing", so a receipt number is unique only
 * among the rows this file's lineage made (`origin_key` NULL, as the importer checks); a row another
 * till made is told apart by its global id (origin, origin_key). The index keeps the (source,
 * receipt_ref) prefix the importer's lookup and the clash check read by.
 * Frozen once merged: never edit, add a new numbered file instead.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `DROP INDEX sales_receipt_ref`,
    `CREATE UNIQUE INDEX sales_receipt_ref ON sales(source, receipt_ref, iif(origin_key IS NULL, 0, origin), ifnull(origin_key, 0))
      WHERE receipt_ref IS NOT NULL`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}
