/**
 * The bulk path (services/bulk.ts, what an import uses) against the floor: a plain better-sqlite3
 * prepared INSERT of the same purchases in one transaction, on a fresh shop with the same schema,
 * in the same run. Rows are purchases per second.
 *
 * The bulk path does more per purchase than the floor — it computes points and writes the ledger
 * row and the change-log row too — so bulk_vs_raw prices that work plus the path's overhead;
 * bulk_vs_raw_same_rows compares with raw inserts of those same three rows (overhead alone).
 */
import { openBackend } from '../../src/main/backend';
import { bulkInsertCustomers, bulkInsertSales, type BulkSale } from '../../src/main/services/bulk';
import { newId } from '../../src/main/services/context';
import { customerInput } from '../../src/shared/contract';
import { packHlc } from '../../src/shared/hlc';
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
 * `sameRows` also writes what the bulk path writes besides the purchase (its ledger row and its
 * change-log row), so bulk against it prices the path's own overhead alone.
 */
async function rawRate(ctx: BenchContext, rows: BulkSale[], customers: number, sameRows: boolean): Promise<number> {
  const { backend, ids } = await freshShop(ctx, customers);
  try {
    const rule = { every: 10_000, points: 1 };
    const at = new Date().toISOString();
    const clock0 = packHlc(Date.now());
    const params = rows.map((r, i) => {
      const customerId = r.customerId === null ? null : ids[Number(r.customerId)]!;
      const points = customerId ? pointsFor(r.amount, rule) : 0;
      const sale = [newId(), customerId, null, r.amount, points, null, r.soldAt, at, null, null, 'import', null];
      const ledger = customerId && points > 0 ? [newId(), customerId, sale[0], 'earn', points, 'purchase', r.soldAt] : null;
      return { sale, ledger, log: [clock0 + i, 1, 'sale', sale[0], 'create', null] };
    });
    const q = backend.ctx.db
      .insertInto('sales')
      .values({
        id: '',
        customer_id: null,
        card_id: null,
        total: 0,
        points: 0,
        note: null,
        sold_at: '',
        created_at: '',
        voided_at: null,
        void_reason: null,
        source: '',
        receipt_ref: null,
      })
      .compile();
    const stmt = backend.database.sqlite.prepare(q.sql);
    const ql = backend.ctx.db
      .insertInto('points_ledger')
      .values({ id: '', customer_id: '', sale_id: null, kind: '', points: 0, reason: '', created_at: '' })
      .compile();
    const ledgerStmt = backend.database.sqlite.prepare(ql.sql);
    const qc = backend.ctx.db
      .insertInto('change_log')
      .values({ hlc: 0, origin: 0, entity: '', entity_id: '', op: '', data: null })
      .compile();
    const logStmt = backend.database.sqlite.prepare(qc.sql);
    const t = performance.now();
    backend.database.sqlite.transaction(() => {
      for (const p of params) {
        stmt.run(p.sale);
        if (sameRows) {
          if (p.ledger) ledgerStmt.run(p.ledger);
          logStmt.run(p.log);
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
