/**
 * Which of a feed's purchases and ledger rows this install has already, by global id
 * ([install, key]), read in a few key-range scans before the feed is applied instead of one lookup
 * per row (10,000 purchases and their ledger rows were 20,000 lookups). A key inside a range
 * read and not found is known absent; rows inserted while applying are added as they go in.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FactId } from './entries';

type FactTable = 'sales' | 'points_ledger';

/** Keys further apart than this are read as separate ranges, so one old row does not make a scan of everything between. */
const GAP = 512;

export class FactIndex {
  private readonly found = new Map<string, number>();
  private readonly ranges = new Map<string, [lo: number, hi: number][]>();

  constructor(private readonly db: Kysely<Database>) {}

  private static name(table: FactTable, [install, key]: FactId): string {
    return `${table} ${install} ${key}`;
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
    for (const [lo, hi] of spans) {
      if (origin !== undefined) {
        // A row made here or in this file's lineage keeps origin_key NULL and is known by its own key.
        const rows = await sql<{ id: number; k: number }>`SELECT id, origin_key AS k FROM ${sql.table(table)}
            WHERE origin = ${origin} AND origin_key BETWEEN ${lo} AND ${hi}
          UNION ALL SELECT id, id AS k FROM ${sql.table(table)}
            WHERE id BETWEEN ${lo} AND ${hi} AND origin = ${origin} AND origin_key IS NULL`.execute(this.db);
        for (const r of rows.rows) this.found.set(FactIndex.name(table, [install, r.k]), r.id);
      }
      const list = this.ranges.get(`${table} ${install}`) ?? [];
      list.push([lo, hi]);
      this.ranges.set(`${table} ${install}`, list);
    }
  }

  /** The local key, null when known absent, undefined when not read (ask the database). */
  get(table: FactTable, fact: FactId): number | null | undefined {
    const hit = this.found.get(FactIndex.name(table, fact));
    if (hit !== undefined) return hit;
    const read = this.ranges.get(`${table} ${fact[0]}`)?.some(([lo, hi]) => fact[1] >= lo && fact[1] <= hi);
    return read ? null : undefined;
  }

  set(table: FactTable, fact: FactId, key: number): void {
    this.found.set(FactIndex.name(table, fact), key);
  }
}
