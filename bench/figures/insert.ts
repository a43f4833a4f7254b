/**
 * The bulk path (services/bulk.ts, what an import uses) against the floor: a plain better-sqlite3
 * prepared INSERT of the same purchases in one transaction, on a fresh shop with the same schema,
 * in the same run. Rows are purchases per second.
 *
 * The bulk path does more per purchase than the floor — it computes points and writes the ledger
 * row (the lot) too — so bulk_vs_raw prices that work plus the path's overhead;
 * bulk_vs_raw_same_rows compares with raw inserts of those same two rows (overhead alone).
 */
import { openBackend } from '../../src/main/backend';
import { bulkInsertCustomers, bulkInsertSales, type BulkSale } from '../../src/main/services/bulk';
import { installKey } from '../../src/main/services/keys';
import { NEVER_EXPIRES } from '../../src/main/services/points/lots';
import { customerInput } from '../../src/shared/contract';
import { pointsFor } from '../../src/shared/points';
import type { Rng } from '../lib/prng';
import { round } from '../lib/stats';
import type { BenchContext, FigureGroup } from './types';

async function freshShop(ctx: BenchContext, customers: number) {
  const backend = await openBackend(ctx.scratchDir());
  const rows = Array.from({ length: customers }, (_, i) => ({ data: customerInput.parse({ fullName: `Khách ${i}` }) }));
  const { ids } = bulkInsertCustomers(backend.database, rows);
  return { backend, ids };
}

function purchases(rng: Rng, customerIds: string[], n: number): BulkSale[] {
  const start = Date.UTC(2025, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    customerId: rng.chance(0.88) ? rng.pick(customerIds) : null,
    amount: rng.int(25, 2000) * 1000,
    soldAt: new Date(start + i * 60_000).toISOString(),
    source: 'import',
  }));
}

/**
 * The floor: one prepared INSERT (compiled by kysely, run by better-sqlite3), one transaction.
 * `sameRows` also writes what the bulk path writes besides the purchase (its earning ledger row,
 * which is the lot, and its point_lots row; a purchase's creation is not logged since 0100), so bulk against it
 * prices the path's own overhead alone.
 */
async function rawRate(ctx: BenchContext, rows: BulkSale[], customers: number, sameRows: boolean): Promise<number> {
  const { backend } = await freshShop(ctx, customers);
  try {
    const keys = (await backend.ctx.db.selectFrom('customers').select('id').orderBy('id').execute()).map((r) => r.id);
    const origin = await installKey(backend.ctx.db);
    const rule = { every: 10_000, points: 1 };
    const at = Date.now();
    const params = rows.map((r) => {
      const customerId = r.customerId === null ? null : keys[Number(r.customerId)]!;
      const points = customerId ? pointsFor(r.amount, rule) : 0;
      const soldAt = Date.parse(r.soldAt);
      const sale = [customerId, null, r.amount, points, null, soldAt, at, null, null, 'import', null, origin, null];
      // The sale's key is known once it is in (lastInsertRowid), as the bulk path learns it.
      const ledger = customerId && points > 0 ? [customerId, 0, 'earn', points, null, soldAt, 0, null, origin, null] : null;
      return { sale, ledger };
    });
    const q = backend.ctx.db
      .insertInto('sales')
      .values({
        customer_id: null,
        card_id: null,
        total: 0,
        points: 0,
        note: null,
        sold_at: 0,
        created_at: 0,
        voided_at: null,
        void_reason: null,
        source: '',
        receipt_ref: null,
        origin: 0,
        origin_key: null,
      })
      .compile();
    const stmt = backend.database.sqlite.prepare(q.sql);
    const ql = backend.ctx.db
      .insertInto('points_ledger')
      .values({
        customer_id: 0,
        sale_id: 0,
        kind: 'earn',
        points: 0,
        reason: null,
        created_at: 0,
        lot_debt: 0,
        expires_at: null,
        origin: 0,
        origin_key: null,
      })
      .compile();
    const ledgerStmt = backend.database.sqlite.prepare(ql.sql);
    // What is left of the lot (0112): its point_lots row.
    const lotStmt = backend.database.sqlite.prepare(
      backend.ctx.db.insertInto('point_lots').values({ customer_id: 0, expiry_key: 0, created_at: 0, lot_id: 0, remaining: 0 }).compile()
        .sql,
    );
    const t = performance.now();
    backend.database.sqlite.transaction(() => {
      for (const p of params) {
        const { lastInsertRowid } = stmt.run(p.sale);
        if (sameRows && p.ledger) {
          p.ledger[1] = Number(lastInsertRowid);
          const lot = Number(ledgerStmt.run(p.ledger).lastInsertRowid);
          lotStmt.run(p.ledger[0], NEVER_EXPIRES, p.ledger[5], lot, p.ledger[3]);
        }
      }
    })();
    return rows.length / ((performance.now() - t) / 1000);
  } finally {
    await backend.close();
  }
}

async function bulkRate(ctx: BenchContext, rows: BulkSale[], customers: number): Promise<number> {
  const { backend, ids } = await freshShop(ctx, customers);
  try {
    const mapped = rows.map((r) => ({ ...r, customerId: r.customerId === null ? null : ids[Number(r.customerId)]! }));
    const t = performance.now();
    bulkInsertSales(backend.database, mapped);
    return rows.length / ((performance.now() - t) / 1000);
  } finally {
    await backend.close();
  }
}

export const insertFigures: FigureGroup = {
  name: 'insert',
  async run(ctx) {
    const customers = ctx.iterations(5000, 200);
    // Customer ids differ per fresh shop, so rows carry an index that each shop maps to its own ids.
    const indexes = Array.from({ length: customers }, (_, i) => String(i));
    const rows = purchases(ctx.rng.fork('insert'), indexes, ctx.iterations(200_000, 5_000));
    let raw = 0;
    let rawSame = 0;
    let bulk = 0;
    // Alternate and keep the best of each: the machine's noise should not decide the ratio.
    for (let round = 0; round < (ctx.quick ? 1 : 3); round++) {
      raw = Math.max(raw, await rawRate(ctx, rows, customers, false));
      bulk = Math.max(bulk, await bulkRate(ctx, rows, customers));
      rawSame = Math.max(rawSame, await rawRate(ctx, rows, customers, true));
    }
    return {
      bulk_insert_rows_per_s: Math.round(bulk),
      raw_insert_rows_per_s: Math.round(raw),
      bulk_vs_raw: round(bulk / raw),
      raw_same_rows_per_s: Math.round(rawSame),
      bulk_vs_raw_same_rows: round(bulk / rawSame),
    };
  },
};
