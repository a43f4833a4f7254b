/**
 * Codes two tills gave out before they synced (issue 18): nothing is refused and nothing dropped.
 *
 * - A receipt number (`sales.receipt_ref`, per `source`) two tills imported: both purchases are kept
 *   as they came (0111: the number is unique only among this file's own rows) and each customer
 *   involved gets a `receipt_clash` finding naming every purchase under that number.
 * - A customer's external code (`customers.external_code`, unique in the table) that a customer
 *   arriving here shares with another one: the arriving customer's code is stored renamed
 *   (`<code>~<the last 8 hex digits of its own id>`, the same on every till) and the renaming is
 *   logged as this till's own edit, at a clock after the code it replaces, so it travels like any
 *   edit and every till ends with the same codes (last writer wins per field). The renamed customer
 *   gets a `code_clash` finding until someone gives it a code of its own.
 */
import type { Kysely } from 'kysely';
import { gidBytes, gidText } from '../../shared/gid';
import type { Database } from '../db/schema';
import type { Found } from './findings';

const MARK = '~';
const CHUNK = 500;

/** The renamed form of a clashing code: the same on every till, since it depends only on the customer's id. */
export function renamedCode(code: string, gid: string): string {
  return `${code}${MARK}${gid.replace(/-/g, '').slice(-8)}`;
}

/** The code a customer had before sync renamed it, or null when its code was not renamed by sync. */
export function renamedFrom(code: unknown, gid: string): string | null {
  if (typeof code !== 'string') return null;
  const tail = `${MARK}${gid.replace(/-/g, '').slice(-8)}`;
  return code.endsWith(tail) && code.length > tail.length ? code.slice(0, -tail.length) : null;
}

/**
 * The external code to store for the customer `gid` (local key `key`, null before it is inserted):
 * as it came, or renamed when another customer here holds it.
 */
export async function codeToStore(
  trx: Kysely<Database>,
  value: unknown,
  gid: string,
  key: number | null,
): Promise<{ value: unknown; renamed: boolean }> {
  if (typeof value !== 'string' || value === '') return { value, renamed: false };
  const holder = await trx
    .selectFrom('customers')
    .select('id')
    .where('external_code', '=', value)
    .$if(key !== null, (q) => q.where('id', '<>', key!))
    .executeTakeFirst();
  return holder ? { value: renamedCode(value, gid), renamed: true } : { value, renamed: false };
}

/** `code_clash`: customers whose external code sync renamed, with who holds the code it had. */
export async function codeClash(db: Kysely<Database>, keys: number[]): Promise<Map<number, Found>> {
  const out = new Map<number, Found>();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'gid', 'external_code', 'created_at'])
    .where('id', 'in', keys)
    .where('external_code', 'like', `%${MARK}%`)
    .execute();
  for (const r of rows) {
    const was = renamedFrom(r.external_code, gidText(r.gid));
    if (was === null) continue;
    out.set(r.id, {
      rows: [],
      detail: { externalCode: was, renamedTo: r.external_code! },
      at: Date.parse(r.created_at) || 0,
      installs: [],
    });
  }
  return out;
}

/** `receipt_clash`: customers with a purchase whose receipt number another purchase (not voided) also has. */
export async function receiptClash(
  db: Kysely<Database>,
  keys: number[],
  installId: ReadonlyMap<number, string>,
): Promise<Map<number, Found>> {
  const out = new Map<number, Found>();
  const mine = await db
    .selectFrom('sales as s')
    .select(['s.customer_id', 's.source', 's.receipt_ref'])
    .where('s.customer_id', 'in', keys)
    .where('s.receipt_ref', 'is not', null)
    .where('s.voided_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('sales as t')
          .select('t.id')
          .whereRef('t.source', '=', 's.source')
          .whereRef('t.receipt_ref', '=', 's.receipt_ref')
          .whereRef('t.id', '<>', 's.id')
          .where('t.voided_at', 'is', null),
      ),
    )
    .orderBy('s.receipt_ref')
    .execute();
  for (const m of mine) {
    if (out.has(m.customer_id!)) continue;
    const same = await db
      .selectFrom('sales')
      .select(['id', 'origin', 'origin_key', 'sold_at'])
      .where('source', '=', m.source)
      .where('receipt_ref', '=', m.receipt_ref)
      .where('voided_at', 'is', null)
      .execute();
    const facts = same
      .map((x) => ({ install: installId.get(x.origin) ?? '', key: x.origin_key ?? x.id, at: x.sold_at }))
      .sort((a, b) => a.at - b.at || (a.install < b.install ? -1 : a.install > b.install ? 1 : a.key - b.key));
    out.set(m.customer_id!, {
      rows: facts.map((f) => `purchase:${f.install}:${f.key}`),
      detail: { receipt: m.receipt_ref!, purchases: facts.length },
      at: facts[0]!.at,
      installs: [...new Set(facts.map((f) => f.install))].sort(),
    });
  }
  return out;
}

/**
 * Customers whose `receipt_clash` a feed may have changed: every customer of a purchase under a
 * receipt number it carries that more than one purchase has.
 */
export async function receiptSubjects(db: Kysely<Database>, receipts: { source: string | null; ref: string }[]): Promise<number[]> {
  const keys = new Set<number>();
  const refs = [...new Set(receipts.filter((r) => r.source !== null).map((r) => r.ref))];
  for (let i = 0; i < refs.length; i += CHUNK) {
    const rows = await db
      .selectFrom('sales')
      .select(['customer_id', 'source', 'receipt_ref'])
      .where('receipt_ref', 'in', refs.slice(i, i + CHUNK))
      .where('source', 'is not', null)
      .execute();
    const count = new Map<string, number>();
    const at = (r: { source: string | null; receipt_ref: string | null }): string => `${r.source}\n${r.receipt_ref}`;
    for (const r of rows) count.set(at(r), (count.get(at(r)) ?? 0) + 1);
    for (const r of rows) if (r.customer_id !== null && count.get(at(r))! > 1) keys.add(r.customer_id);
  }
  return [...keys];
}

/**
 * Customers whose `code_clash` a feed may have changed: of the customers it carries, those whose
 * code is now a renamed one or who had a `code_clash` finding (given a code of their own since).
 */
export async function codeSubjects(db: Kysely<Database>, customerGids: string[]): Promise<number[]> {
  const keys = new Set<number>();
  const list = [...new Set(customerGids)].flatMap((g) => {
    const b = gidBytes(g);
    return b ? [Buffer.from(b)] : [];
  });
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    const had = new Set(
      (await db.selectFrom('sync_findings').select('subject').where('kind', '=', 'code_clash').where('subject', 'in', chunk).execute()).map(
        (r) => gidText(r.subject),
      ),
    );
    for (const r of await db.selectFrom('customers').select(['id', 'gid', 'external_code']).where('gid', 'in', chunk).execute()) {
      const gid = gidText(r.gid);
      if (had.has(gid) || renamedFrom(r.external_code, gid) !== null) keys.add(r.id);
    }
  }
  return [...keys];
}
