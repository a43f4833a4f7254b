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
import { immediateTransaction, importStopped, isBusyError, retryWhileBusy } from '../../db/busy';
import { chunkWriter, finishRun, giveWay, startRun, sweepRun } from '../importRuns';

export { sourceOf } from './plan';

const MAX_ERRORS = 1000;

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

/** Wall-clock time one write transaction of an import aims at: the counter waits at most about this long behind it. */
const CHUNK_TARGET_MS = 25;
const FIRST_CHUNK = 500;
/** Checks of the file before the one made under the lock (when what it looked up keeps changing). */
const CHECKS_OUTSIDE_LOCK = 3;

export interface CommitOptions {
  /**
   * Another program sells meanwhile (the command line imports while the app runs): after a chunk,
   * when one of its calls signalled that it waits for the lock (db/busy.ts), the lock is left free
   * until that program committed, at most this long. SQLite wakes a waiting connection only when
   * it next polls, and without the pause the import would take the lock again at once. In the
   * app's own process the counter's calls run between chunks anyway.
   */
  pauseForWaitingMs?: number;
  /** Rows per chunk instead of sizing chunks by time (tests: Infinity writes each table in one transaction). */
  chunkRows?: number;
}

/**
 * Checks the file, then writes the plan in short IMMEDIATE transactions under an import run
 * (importRuns.ts: all-or-nothing through its record, sync holds it back until it is done, a
 * failure or a crash leaves nothing of it): customers first, then purchases in chunks with their
 * points and change log. The checks run again, under the lock, only if what they looked up
 * changed meanwhile. Refuses when a row has an error, unless the person chose to skip those rows.
 */
export async function commitImport(
  ctx: Ctx,
  req: ImportRequest,
  onProgress: (p: ImportProgress) => void = () => undefined,
  /** Sees the check's outcome (every error) before anything is written or refused; the CLI prints it. */
  onChecked: (c: { counts: ImportPreview['counts']; errors: ImportPreview['errors'] }) => void = () => undefined,
  options: CommitOptions = {},
): Promise<ImportResult> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('commitImport needs the raw SQLite handle (ctx.sqlite, set by openBackend)');
  const bulk = { db: ctx.db, sqlite };
  onProgress({ phase: 'checking', done: 0, total: 0 });
  // The check (parsing, validation, lookups: most of the time) runs before the write lock is taken,
  // so another program's writes, the counter's among them, go on meanwhile. The change log tells
  // whether what it looked up changed before the lock was taken; only then is it done again.
  // A customer added at the till while a large file is checked would make the check under the lock
  // hold the till up for seconds: the check is done again outside it first, a few times at most.
  let checkedAfter = await lastChangeSeq(ctx.db);
  let draft = await planImport(ctx.db, req, await getSettings(ctx.db), ctx.now());
  refuseErrors(draft, req, onChecked);
  let begun: { plan: ImportPlan; run: number } | null = null;
  for (let attempt = 1; begun === null; attempt++) {
    const last = attempt >= CHECKS_OUTSIDE_LOCK;
    begun = await immediateTransaction(ctx.db, async (trx) => {
      if (!(await lookupsChangedSince(trx, checkedAfter))) return { plan: draft, run: startRun(bulk, 'sales', draft.source) };
      if (!last) return null;
      const plan = refuseErrors(await planImport(trx, req, await getSettings(trx), ctx.now()), req);
      return { plan, run: startRun(bulk, 'sales', plan.source) };
    });
    if (begun === null) {
      checkedAfter = await lastChangeSeq(ctx.db);
      draft = refuseErrors(await planImport(ctx.db, req, await getSettings(ctx.db), ctx.now()), req);
    }
  }
  const { plan, run } = begun;
  const { counts, firstSoldAt, lastSoldAt } = summarise(plan);
  const toWrite = plan.rows.filter((r) => r.status === 'new');
  const total = toWrite.length;
  onProgress({ phase: 'writing', done: 0, total });
  const chunk = chunkWriter(bulk, run);
  // Each chunk waits for the lock as any write does; one that found it busy wrote nothing, so it is tried again.
  // Kysely's connection is held meanwhile: in the app, another call's transaction may be open across an await.
  const write = <T>(body: () => T): Promise<T> => retryWhileBusy(() => ctx.db.connection().execute(async () => chunk(body)));
  const file = sqlite.name;
  const pause = options.pauseForWaitingMs ? giveWay(sqlite, options.pauseForWaitingMs) : nextTurn;
  let rows = options.chunkRows ?? FIRST_CHUNK;
  /** Writes `items` in chunks sized to CHUNK_TARGET_MS of writing each. */
  const inChunks = async <T>(items: readonly T[], each: (part: readonly T[], from: number) => void): Promise<void> => {
    for (let i = 0; i < items.length;) {
      const part = items.slice(i, i + rows);
      let ms = 0;
      await write(() => {
        const t = performance.now();
        each(part, i);
        ms = performance.now() - t;
      });
      i += part.length;
      if (part.length === rows && options.chunkRows === undefined)
        rows = Math.max(50, Math.min(5000, Math.round((rows * CHUNK_TARGET_MS) / Math.max(ms, 1))));
      if (i < items.length) await pause();
    }
  };
  let failedAt: { table: string; index: number } | null = null;
  let ordered: { row: PlannedRow; sale: BulkSale }[] = [];
  try {
    const keys: number[] = [];
    let createdCount = 0;
    await inChunks(plan.newCustomers, (part, from) => {
      try {
        const created = bulkInsertCustomers(
          bulk,
          part.map((c) => ({ data: c.data, createdAt: c.since, code: c.code, detailsMissing: c.detailsMissing })),
          { now: ctx.now },
        );
        keys.push(...created.keys);
        createdCount += created.ids.length;
      } catch (e) {
        if (e instanceof BulkRowError) failedAt = { table: 'customers', index: from + e.index };
        throw e;
      }
    });
    // Written in customer order, not file order: three of the indexes a purchase goes into
    // (sales_customer_sold, points_ledger_customer, customer_stats) are keyed by customer id, so
    // a customer's rows land on pages still in the cache. In file order each row touched random
    // pages of a large shop's indexes (50k rows into 1M sales: ~120 µs a row in file order,
    // ~70 µs in customer order). Keys follow the write order.
    ordered = toWrite.map((r) => ({
      row: r,
      sale: {
        customerId: r.customerKey === null ? null : (r.customerRef ?? keys[r.newCustomer!]!),
        amount: r.amount!,
        soldAt: r.soldAt!,
        source: plan.source,
        receiptRef: r.receipt,
        note: r.note,
      },
    }));
    ordered.sort((a, b) => Number(a.sale.customerId ?? 0) - Number(b.sale.customerId ?? 0) || compare(a.sale.soldAt, b.sale.soldAt));
    let points = 0;
    let done = 0;
    await inChunks(ordered, (part, from) => {
      try {
        // Points the owner chose to give are recorded with where they came from (the import's source).
        points += bulkInsertSales(
          bulk,
          part.map((o) => o.sale),
          { now: ctx.now, earnPoints: req.options.earnPoints, earnReason: plan.source },
        ).pointsEarned;
      } catch (e) {
        if (e instanceof BulkRowError) failedAt = { table: 'sales', index: from + e.index };
        throw e;
      }
      done = from + part.length;
      onProgress({ phase: 'writing', done, total });
    });
    await finishRun(bulk, run);
    if (options.pauseForWaitingMs) importStopped(file);
    onProgress({ phase: 'done', done: total, total });
    return {
      source: plan.source,
      imported: total,
      skippedAlreadyImported: counts.alreadyImported,
      skippedErrors: counts.errorRows,
      walkIns: counts.walkIns,
      customersCreated: createdCount,
      customersWithoutDetails: counts.customersWithoutDetails,
      formats: plan.formats,
      totalAmount: counts.totalAmount,
      points,
      firstSoldAt,
      lastSoldAt,
    };
  } catch (e) {
    // Nothing of it stays: what the chunks wrote goes now (or, if the file stays busy, at the next open).
    try {
      await sweepRun(bulk, run, ctx.now(), pause);
    } catch (sweepError) {
      console.warn(
        '[regulars] the failed import will be removed at the next open:',
        sweepError instanceof Error ? sweepError.message : sweepError,
      );
    } finally {
      if (options.pauseForWaitingMs) importStopped(file);
    }
    // A row SQLite refused although the checks passed (another import of the same source at
    // the same moment, or a customer added with the same code meanwhile): the person is told which row.
    const at = failedAt as { table: string; index: number } | null;
    if (e instanceof BulkRowError && !isBusyError(e)) {
      const row = at?.table === 'sales' ? ordered[at.index]?.row : undefined;
      throw new AppError('VALIDATION', `Nothing was imported: ${row ? `line ${row.line}: ` : ''}${e.message}`);
    }
    throw e;
  }
}
