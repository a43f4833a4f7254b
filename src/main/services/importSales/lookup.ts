/**
 * Batched reads for an import: which customers the file's keys name, and which receipts of this
 * source are already stored. Each list is sent as one JSON parameter and unpacked by json_each,
 * so a file with 200k receipts costs one indexed query, not 400 IN lists of 500 placeholders.
 */
import { sql } from 'kysely';
import { nextTurn, Pacer, type Tx } from '../context';
import { apiId } from '../keys';
import { phoneKey } from '../../../shared/phone';
import { normaliseEmail } from '../../../shared/search';
import type { CustomerKey } from '../../../shared/contract/imports';

/** A parameterised set for `column IN (…)`: the values travel as one JSON text. */
export const jsonSet = (values: Iterable<string>) => sql<string>`(SELECT value FROM json_each(${JSON.stringify([...new Set(values)])}))`;
/** The same for local keys. */
const jsonKeys = (values: Iterable<number>) => sql<number>`(SELECT value FROM json_each(${JSON.stringify([...new Set(values)])}))`;

/** Values per lookup query: each batch is one short, indexed query, with a turn of the event loop between batches. */
const BATCH = 5000;

/** Runs `query` over the distinct values a batch at a time and concatenates the rows. */
async function inBatches<R>(values: Iterable<string>, query: (batch: string[]) => Promise<R[]>): Promise<R[]> {
  const all = [...new Set(values)];
  const out: R[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    if (i > 0) await nextTurn();
    for (const r of await query(all.slice(i, i + BATCH))) out.push(r);
  }
  return out;
}

export interface KnownCustomer {
  /** Local key: what the import's purchases are written with. */
  key: number;
  /** API id: what the preview shows. */
  id: string;
  code: string;
  fullName: string;
  erased: boolean;
}

export type Match = { kind: 'found'; customer: KnownCustomer } | { kind: 'ambiguous'; count: number } | { kind: 'none' };

type Column = 'code' | 'external_code' | 'phone_canonical' | 'email_norm';

/**
 * How a key is looked up in each column it may match, in order of preference. A phone is matched
 * by the key customers are stored with (shared/phone.ts, with the shop's country), so every way
 * of writing a number finds the one customer.
 */
export function probes(key: string, mode: CustomerKey, country: string): [Column, string][] {
  // Phone and email forms are only worked out in the modes that use them.
  const byPhone = (): [Column, string][] => {
    const phone = phoneKey(key, country);
    return phone !== null ? [['phone_canonical', phone]] : [];
  };
  const byEmail = (): [Column, string][] => (key.includes('@') ? [['email_norm', normaliseEmail(key)]] : []);
  switch (mode) {
    case 'code':
      // Our codes are upper-case (C000123); an old system's code is matched as written.
      return [
        ['code', key.toUpperCase()],
        ['external_code', key],
      ];
    case 'externalCode':
      return [['external_code', key]];
    case 'phone':
      return byPhone();
    case 'email':
      return byEmail();
    case 'auto':
      return [['code', key.toUpperCase()], ['external_code', key], ...byPhone(), ...byEmail()];
  }
}

const known = (r: { id: number; gid: Uint8Array; code: string; full_name: string; erased_at: string | null }): KnownCustomer => ({
  key: r.id,
  id: apiId(r.gid),
  code: r.code,
  fullName: r.full_name,
  erased: r.erased_at !== null,
});

/** Resolves every distinct key of the file with one batched query per column. */
export async function matchCustomers(tx: Tx, keys: Iterable<string>, mode: CustomerKey, country: string): Promise<Map<string, Match>> {
  const wanted = new Map<Column, Set<string>>();
  const distinct = [...new Set(keys)];
  // Reading a phone costs ~25 µs: a file of many customers is probed a slice at a time.
  const pace = new Pacer();
  const probed: [Column, string][][] = [];
  for (const key of distinct) {
    probed.push(probes(key, mode, country));
    if (pace.due()) await pace.turn();
  }
  for (const keyProbes of probed) {
    for (const [col, value] of keyProbes) {
      let set = wanted.get(col);
      if (!set) wanted.set(col, (set = new Set()));
      set.add(value);
    }
  }
  const found = new Map<Column, Map<string, KnownCustomer[]>>();
  const mergedInto = new Map<number, number>();
  for (const [col, values] of wanted) {
    const byValue = new Map<string, KnownCustomer[]>();
    const rows = await inBatches(values, (batch) =>
      tx
        .selectFrom('customers')
        .select(['id', 'gid', 'code', 'full_name', 'erased_at', 'merged_into', `${col} as value`])
        .where(col, 'in', jsonSet(batch))
        .execute(),
    );
    for (const r of rows) {
      const list = byValue.get(r.value as string) ?? [];
      list.push(known(r));
      byValue.set(r.value as string, list);
      if (r.merged_into) mergedInto.set(r.id, r.merged_into);
    }
    found.set(col, byValue);
  }
  // A merged duplicate's code or phone in an old system's file means the person: their survivor (issue 17).
  if (mergedInto.size > 0) {
    const survivors = await tx
      .selectFrom('customers')
      .select(['id', 'gid', 'code', 'full_name', 'erased_at'])
      .where('id', 'in', jsonKeys(mergedInto.values()))
      .execute();
    const byKey = new Map(survivors.map((r) => [r.id, known(r)]));
    for (const byValue of found.values()) {
      for (const [value, list] of byValue) {
        const resolved = list.map((c) => byKey.get(mergedInto.get(c.key) ?? 0) ?? c);
        byValue.set(value, [...new Map(resolved.map((c) => [c.key, c])).values()]);
      }
    }
  }
  const result = new Map<string, Match>();
  distinct.forEach((key, i) => {
    let match: Match = { kind: 'none' };
    for (const [col, value] of probed[i]!) {
      const list = found.get(col)?.get(value) ?? [];
      const live = list.filter((c) => !c.erased);
      if (live.length > 1) match = { kind: 'ambiguous', count: live.length };
      else if (live.length === 1) match = { kind: 'found', customer: live[0]! };
      else if (list.length > 0) match = { kind: 'found', customer: list[0]! };
      if (match.kind !== 'none') break;
    }
    result.set(key, match);
  });
  return result;
}

/** External codes (from the old system) already held by a customer. */
export async function takenExternalCodes(tx: Tx, codes: Iterable<string>): Promise<Map<string, string>> {
  const rows = await inBatches(codes, (batch) =>
    tx.selectFrom('customers').select(['code', 'external_code']).where('external_code', 'in', jsonSet(batch)).execute(),
  );
  return new Map(rows.map((r) => [r.external_code!, r.code]));
}

/** Receipts of this source already stored (the unique index on (source, receipt_ref) answers it). */
export async function storedReceipts(tx: Tx, source: string, receipts: Iterable<string>): Promise<Set<string>> {
  const rows = await inBatches(receipts, (batch) =>
    tx.selectFrom('sales').select('receipt_ref').where('source', '=', source).where('receipt_ref', 'in', jsonSet(batch)).execute(),
  );
  return new Set(rows.map((r) => r.receipt_ref!));
}

/**
 * Codes already held by a customer, by their upper-case form (codes are looked up without regard
 * to case). upper() defeats the code index, so this scans customers once; it runs only when the
 * file brings its own codes.
 */
export async function takenCodes(tx: Tx, codes: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...codes].map((c) => c.toUpperCase());
  if (wanted.length === 0) return new Map();
  const rows = await tx
    .selectFrom('customers')
    .select('code')
    .where(sql<string>`upper(code)`, 'in', jsonSet(wanted))
    .execute();
  return new Map(rows.map((r) => [r.code.toUpperCase(), `customer ${r.code}`]));
}
