/**
 * Past-sales import: inspect a CSV, preview the import (nothing written), commit it all-or-nothing
 * through the bulk path. Receipts are unique per source, so a second import of the same file
 * reports every row as already imported and writes nothing.
 */
import type { ImportInspection, ImportPreview, ImportProgress, ImportRequest, ImportResult } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/errors';
import { bulkInsertCustomers, bulkInsertSales, BulkRowError, type BulkSale } from '../bulk';
import { nextTurn, type Ctx } from '../context';
import { lastChangeSeq, lookupsChangedSince } from '../lookupsChanged';
import { getSettings } from '../settings';
import { parseCsvInTurns, type Delimiter } from './csv';
import { isDefaultHeader, suggestMapping } from './mapping';
import { planImport, type ImportPlan, type PlannedRow } from './plan';
import { immediateTransaction, isBusyError } from '../../db/busy';

export { sourceOf } from './plan';

const MAX_ERRORS = 1000;
/** Rows per bulk call; between calls the event loop runs (progress polls, the UI stays alive). */
const CHUNK = 5000;

export async function inspectCsv(csv: string, delimiter: Delimiter | null): Promise<ImportInspection> {
  const parsed = await parseCsvInTurns(csv, delimiter, nextTurn);
  return {
    delimiter: parsed.delimiter,
    columns: parsed.header,
    rowCount: parsed.records.length,
    sample: parsed.records.slice(0, 10).map((r) => r.fields),
    suggested: suggestMapping(parsed.header),
    isDefaultHeader: isDefaultHeader(parsed.header),
  };
}

function summarise(plan: ImportPlan) {
  let valid = 0;
  let totalAmount = 0;
  let points = 0;
  let alreadyImported = 0;
  let errorRows = 0;
  let walkIns = 0;
  let first: string | null = null;
  let last: string | null = null;
  for (const r of plan.rows) {
    if (r.status === 'already_imported') alreadyImported++;
    else if (r.status === 'error') errorRows++;
    else {
      valid++;
      if (r.customerKey === null) walkIns++;
      totalAmount += r.amount!;
      points += r.points!;
      if (first === null || r.soldAt! < first) first = r.soldAt;
      if (last === null || r.soldAt! > last) last = r.soldAt;
    }
  }
  return {
    counts: {
      rows: plan.rows.length,
      valid,
      errorRows,
      alreadyImported,
      walkIns,
      customersToCreate: plan.newCustomers.length,
      customersWithoutDetails: plan.newCustomers.filter((c) => c.detailsMissing).length,
      totalAmount,
      points,
    },
    firstSoldAt: first,
    lastSoldAt: last,
  };
}

const publicRow = ({ newCustomer: _n, customerRef: _r, ...row }: PlannedRow) => row;

/** What the import would do; reads only. */
export async function previewImport(ctx: Ctx, req: ImportRequest): Promise<ImportPreview> {
  const settings = await getSettings(ctx.db);
  const plan = await planImport(ctx.db, req, settings, ctx.now());
  return {
    source: plan.source,
    currency: plan.currency,
    delimiter: plan.delimiter,
    columns: plan.columns,
    mapping: plan.mapping,
    formats: plan.formats,
    ...summarise(plan),
    rows: plan.rows.slice(0, req.options.previewRows).map(publicRow),
    errors: plan.errors.slice(0, MAX_ERRORS),
    errorCount: plan.errors.length,
  };
}

/** Refuses a plan with row errors unless the person chose to skip them; `onChecked` sees it first. */
function refuseErrors(
  plan: ImportPlan,
  req: ImportRequest,
  onChecked: (c: { counts: ImportPreview['counts']; errors: ImportPreview['errors'] }) => void = () => undefined,
): ImportPlan {
  const { counts } = summarise(plan);
  onChecked({ counts, errors: plan.errors });
  if (counts.errorRows > 0 && !req.options.skipErrors) {
    const first = plan.errors[0]!.message;
    throw new AppError(
      'IMPORT_HAS_ERRORS',
      `${counts.errorRows} of ${counts.rows} rows have errors, so nothing was imported (first: ${first}). Fix the file, or choose to skip the rows with errors.`,
      { params: { errorRows: counts.errorRows, rows: counts.rows, first } },
    );
  }
  return plan;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Checks the file, then writes the plan in one IMMEDIATE transaction (all or nothing, and never a
 * snapshot conflict with the counter's commits): customers first, then purchases in chunks with
 * their points and change log. The checks run again inside it only if what they looked up changed
 * meanwhile. Refuses when a row has an error, unless the person chose to skip those rows.
 */
export async function commitImport(
  ctx: Ctx,
  req: ImportRequest,
  onProgress: (p: ImportProgress) => void = () => undefined,
  /** Sees the check's outcome (every error) before anything is written or refused; the CLI prints it. */
  onChecked: (c: { counts: ImportPreview['counts']; errors: ImportPreview['errors'] }) => void = () => undefined,
): Promise<ImportResult> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('commitImport needs the raw SQLite handle (ctx.sqlite, set by openBackend)');
  const bulk = { db: ctx.db, sqlite };
  onProgress({ phase: 'checking', done: 0, total: 0 });
  // The check (parsing, validation, lookups: most of the time) runs before the write lock is taken,
  // so another program's writes, the counter's among them, go on meanwhile. The change log tells
  // whether what it looked up changed before the lock was taken; only then is it done again.
  const checkedAfter = await lastChangeSeq(ctx.db);
  const draft = await planImport(ctx.db, req, await getSettings(ctx.db), ctx.now());
  refuseErrors(draft, req, onChecked);
  return immediateTransaction(ctx.db, async (trx) => {
    const plan = (await lookupsChangedSince(trx, checkedAfter))
      ? refuseErrors(await planImport(trx, req, await getSettings(trx), ctx.now()), req)
      : draft;
    const { counts, firstSoldAt, lastSoldAt } = summarise(plan);
    const toWrite = plan.rows.filter((r) => r.status === 'new');
    const total = toWrite.length;
    onProgress({ phase: 'writing', done: 0, total });
    let chunkStart = 0;
    let ordered: { row: PlannedRow; sale: BulkSale }[] = [];
    try {
      const created = bulkInsertCustomers(
        bulk,
        plan.newCustomers.map((c) => ({ data: c.data, createdAt: c.since, code: c.code, detailsMissing: c.detailsMissing })),
        { now: ctx.now },
      );
      // Written in customer order, not file order: three of the indexes a purchase goes into
      // (sales_customer_sold, points_ledger_customer, customer_stats) are keyed by customer id, so
      // a customer's rows land on pages still in the cache. In file order each row touched random
      // pages of a large shop's indexes (50k rows into 1M sales: ~120 µs a row in file order,
      // ~70 µs in customer order). Keys follow the write order.
      ordered = toWrite.map((r) => ({
        row: r,
        sale: {
          customerId: r.customerKey === null ? null : (r.customerRef ?? created.keys[r.newCustomer!]!),
          amount: r.amount!,
          soldAt: r.soldAt!,
          source: plan.source,
          receiptRef: r.receipt,
          note: r.note,
        },
      }));
      ordered.sort((a, b) => Number(a.sale.customerId ?? 0) - Number(b.sale.customerId ?? 0) || compare(a.sale.soldAt, b.sale.soldAt));
      let points = 0;
      for (let i = 0; i < total; i += CHUNK) {
        chunkStart = i;
        const sales = ordered.slice(i, i + CHUNK).map((o) => o.sale);
        // Points the owner chose to give are recorded with where they came from (the import's source).
        points += bulkInsertSales(bulk, sales, { now: ctx.now, earnPoints: req.options.earnPoints, earnReason: plan.source }).pointsEarned;
        onProgress({ phase: 'writing', done: Math.min(i + CHUNK, total), total });
        if (i + CHUNK < total) await nextTurn();
      }
      onProgress({ phase: 'done', done: total, total });
      return {
        source: plan.source,
        imported: total,
        skippedAlreadyImported: counts.alreadyImported,
        skippedErrors: counts.errorRows,
        walkIns: counts.walkIns,
        customersCreated: created.ids.length,
        customersWithoutDetails: counts.customersWithoutDetails,
        formats: plan.formats,
        totalAmount: counts.totalAmount,
        points,
        firstSoldAt,
        lastSoldAt,
      };
    } catch (e) {
      // A row SQLite refused although the checks passed (another import of the same source at
      // the same moment): the transaction is rolled back, and the person is told which row.
      if (e instanceof BulkRowError && !isBusyError(e)) {
        const row = e.table === 'sales' ? ordered[chunkStart + e.index]?.row : undefined;
        throw new AppError('VALIDATION', `Nothing was imported: ${row ? `line ${row.line}: ` : ''}${e.message}`);
      }
      throw e;
    }
  });
}
