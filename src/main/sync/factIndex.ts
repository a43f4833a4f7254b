/**
 * Which of a feed's purchases and ledger rows this install has already, by global id
 * ([install, key]), read in a few key-range scans before the feed is applied instead of one lookup
 * per row (10,000 purchases and their ledger rows were 20,000 lookups). A key inside a range
 * read and not found is known absent; rows inserted while applying are added as they go in.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FactId } from './entries';

export type FactTable = 'sales' | 'points_ledger' | 'audit_log';

/** Each table's own key column (the audit log's is its sequence). */
const KEY_OF: Record<FactTable, 'id' | 'seq'> = { sales: 'id', points_ledger: 'id', audit_log: 'seq' };

/** Keys further apart than this are read as separate ranges, so one old row does not make a scan of everything between. */
const GAP = 512;

/** What is known of one table's rows made on one install. */
interface Known {
  found: Map<number, number>;
  ranges: [lo: number, hi: number][];
}

export class FactIndex {
  // By table, then install, then key: a feed asks tens of thousands of times, and no key text is
  // built for an ask (a `table install key` text per ask, then a `table install` one, each cost more
  // than the rest of the lookup).
  private readonly known: Record<FactTable, Map<string, Known>> = { sales: new Map(), points_ledger: new Map(), audit_log: new Map() };

  constructor(private readonly db: Kysely<Database>) {}

  private of(table: FactTable, install: string): Known {
    let k = this.known[table].get(install);
    if (!k) this.known[table].set(install, (k = { found: new Map(), ranges: [] }));
    return k;
  }

  /** Reads the rows made on `install` (local key `origin`, undefined when this file has never heard of it) among `keys`. */
  async prefetch(table: FactTable, install: string, origin: number | undefined, keys: number[]): Promise<void> {
    const sorted = [...new Set(keys)].sort((a, b) => a - b);
    const spans: [number, number][] = [];
    for (const k of sorted) {
      const last = spans[spans.length - 1];
      if (last && k - last[1] <= GAP) last[1] = k;
      else spans.push([k, k]);
    }
    const known = this.of(table, install);
    for (const [lo, hi] of spans) {
      if (origin !== undefined) {
        // A row made here or in this file's lineage keeps origin_key NULL and is known by its own key.
        const id = sql.ref(KEY_OF[table]);
        const rows = await sql<{ id: number; k: number }>`SELECT ${id} AS id, origin_key AS k FROM ${sql.table(table)}
            WHERE origin = ${origin} AND origin_key BETWEEN ${lo} AND ${hi}
          UNION ALL SELECT ${id} AS id, ${id} AS k FROM ${sql.table(table)}
            WHERE ${id} BETWEEN ${lo} AND ${hi} AND origin = ${origin} AND origin_key IS NULL`.execute(this.db);
        for (const r of rows.rows) known.found.set(r.k, r.id);
      }
      known.ranges.push([lo, hi]);
    }
  }

  /** The local key, null when known absent, undefined when not read (ask the database). */
  get(table: FactTable, [install, key]: FactId): number | null | undefined {
    const known = this.known[table].get(install);
    if (!known) return undefined;
    const hit = known.found.get(key);
    if (hit !== undefined) return hit;
    return known.ranges.some(([lo, hi]) => key >= lo && key <= hi) ? null : undefined;
  }

  set(table: FactTable, [install, key]: FactId, local: number): void {
    this.of(table, install).found.set(key, local);
  }
}
