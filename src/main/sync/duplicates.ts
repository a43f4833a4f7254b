/**
 * Two customers made for one person on two tills before they synced (issue 18): both are kept (each
 * till has sold to its own), and once a feed brings one in beside the other, the pair is named in
 * the apply's report so the sync can offer them for merge. The match is the duplicates finder's
 * (services/customers.ts `findDuplicates`): the canonical phone, or the normalised email, among
 * customers not erased or merged.
 */
import { sql } from 'kysely';
import { gidText } from '../../shared/gid';
import type { Tx } from '../services/context';

export interface SyncDuplicate {
  /** The customer the feed brought in (or changed the phone or email of), and the one it matches. */
  customer: { id: string; code: string; fullName: string };
  other: { id: string; code: string; fullName: string };
  matchedOn: 'phone' | 'email';
}

const CHUNK = 500;

/** The live customers matching any of `keys` (local keys) by phone or email; each pair once. */
export async function duplicatesOf(trx: Tx, keys: readonly number[]): Promise<SyncDuplicate[]> {
  const out: SyncDuplicate[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const rows = await sql<{
      ngid: Uint8Array;
      ncode: string;
      nname: string;
      ogid: Uint8Array;
      ocode: string;
      oname: string;
      on: 'phone' | 'email';
    }>`SELECT n.gid AS ngid, n.code AS ncode, n.full_name AS nname, o.gid AS ogid, o.code AS ocode, o.full_name AS oname, 'phone' AS "on"
        FROM customers n JOIN customers o ON o.phone_canonical = n.phone_canonical AND o.id != n.id
        WHERE n.id IN (${sql.join(chunk)}) AND n.erased_at IS NULL AND o.erased_at IS NULL
      UNION ALL
      SELECT n.gid, n.code, n.full_name, o.gid, o.code, o.full_name, 'email'
        FROM customers n JOIN customers o ON o.email_norm = n.email_norm AND o.id != n.id
        WHERE n.id IN (${sql.join(chunk)}) AND n.erased_at IS NULL AND o.erased_at IS NULL
          AND (n.phone_canonical IS NULL OR o.phone_canonical IS NULL OR n.phone_canonical != o.phone_canonical)`.execute(trx);
    for (const r of rows.rows) {
      const [a, b] = [gidText(r.ngid), gidText(r.ogid)];
      const pair = a < b ? `${a} ${b}` : `${b} ${a}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      out.push({
        customer: { id: a, code: r.ncode, fullName: r.nname },
        other: { id: b, code: r.ocode, fullName: r.oname },
        matchedOn: r.on,
      });
    }
  }
  return out;
}
