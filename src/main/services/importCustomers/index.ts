/**
 * Customer import: inspect a CSV or .xlsx file, preview the plan (nothing written), commit it
 * all-or-nothing in short transactions under an import run (importRuns.ts, as the sales import), so
 * the counter sells meanwhile. Rejected rows are left out and listed; a failure while writing, or a
 * kill, leaves the shop as it was (the customers it changed given back their values).
 */
import type {
  CustomerImportInspection,
  CustomerImportListed,
  CustomerImportPreview,
  CustomerImportRequest,
  CustomerImportResult,
  CustomerImportFile,
} from '../../../shared/contract/customerImport';
import type { ImportProgress } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/errors';
import { BulkRowError } from '../bulk';
import { nextTurn, type Ctx } from '../context';
import { chunkWriter, finishRun, giveWay, startRun, sweepRun } from '../importRuns';
import { getSettings } from '../settings';
import { readTable, type Table } from './file';
import { rememberedMapping, rememberMapping, suggestCustomerMapping } from './mapping';
import { planCustomerImport, publicRow, type CustomerImportPlan } from './plan';
import { writePlan } from './write';
import { lastChangeSeq, lookupsChangedSince } from '../lookupsChanged';
import { immediateTransaction, importStopped, isBusyError, retryWhileBusy } from '../../db/busy';

export { sourceOf } from './plan';

const MAX_PROBLEMS = 1000;
const MAX_DUPLICATES = 5000;

function previewOf(plan: CustomerImportPlan, previewRows: number): CustomerImportPreview {
  const problems = plan.rows.flatMap((r) => r.problems);
  const duplicates = plan.rows.flatMap((r) => (r.duplicate ? [r.duplicate] : []));
  return {
    source: plan.source,
    format: plan.table.format,
    delimiter: plan.table.delimiter,
    columns: plan.table.header,
    mapping: plan.mapping,
    dateFormat: plan.dateFormat,
    counts: plan.counts,
    rows: plan.rows.slice(0, previewRows).map(publicRow),
    problems: problems.slice(0, MAX_PROBLEMS),
    problemCount: problems.length,
    duplicates: duplicates.slice(0, MAX_DUPLICATES),
    duplicateCount: duplicates.length,
  };
}

export async function inspectCustomerFile(
  ctx: Ctx,
  input: { file: CustomerImportFile; fileName: string | null; previewRows: number },
): Promise<CustomerImportInspection> {
  const table = await readTable(input.file);
  const remembered = table.header.length > 0 ? await rememberedMapping(ctx.db, table.header) : null;
  const suggested = remembered ?? suggestCustomerMapping(table.header);
  let preview: CustomerImportPreview | null = null;
  if (suggested.name !== null && input.previewRows > 0) {
    const settings = await getSettings(ctx.db);
    const plan = await planCustomerImport(
      ctx.db,
      table,
      {
        fileName: input.fileName,
        mapping: { ...suggested, name: suggested.name },
        options: { onDuplicate: 'skip', duplicateChoices: [], badFields: 'reject', dateFormat: 'auto', previewRows: input.previewRows },
      },
      settings,
      ctx.now(),
      input.previewRows,
    );
    preview = previewOf(plan, input.previewRows);
  }
  return {
    format: table.format,
    delimiter: table.delimiter,
    columns: table.header,
    rowCount: table.records.length,
    sample: table.records.slice(0, 10).map((r) => ({ line: r.line, cells: r.fields })),
    suggested,
    remembered: remembered !== null,
    preview,
  };
}

/** What the import would do; reads only. */
export async function previewCustomerImport(ctx: Ctx, req: CustomerImportRequest, table?: Table): Promise<CustomerImportPreview> {
  const settings = await getSettings(ctx.db);
  const plan = await planCustomerImport(ctx.db, table ?? (await readTable(req.file)), req, settings, ctx.now());
  return previewOf(plan, req.options.previewRows);
}

function listed(plan: CustomerImportPlan, which: 'rejected' | 'flagged'): CustomerImportListed[] {
  const out: CustomerImportListed[] = [];
  for (const r of plan.rows) {
    const wanted = which === 'rejected' ? r.action === 'rejected' : r.flagged && (r.action === 'create' || r.action === 'update');
    if (!wanted) continue;
    for (const p of r.problems)
      out.push({ line: p.line, field: p.field, column: p.column, code: p.code, message: p.message, value: p.value });
  }
  return out;
}

function resultOf(plan: CustomerImportPlan): CustomerImportResult {
  return {
    source: plan.source,
    created: plan.counts.create,
    updated: plan.counts.update,
    skipped: plan.counts.skip,
    rejected: listed(plan, 'rejected'),
    flagged: listed(plan, 'flagged'),
    counts: plan.counts,
  };
}

/** The result a commit would give, every problem listed; writes nothing. */
export async function dryRunCustomerImport(ctx: Ctx, req: CustomerImportRequest, table?: Table): Promise<CustomerImportResult> {
  const settings = await getSettings(ctx.db);
  return resultOf(await planCustomerImport(ctx.db, table ?? (await readTable(req.file)), req, settings, ctx.now()));
}

export interface CommitOptions {
  /**
   * Another program sells meanwhile (the command line imports while the app runs): after a chunk, a
   * call of it that signalled it waits for the lock (db/busy.ts) gets it, waited for at most this long.
   */
  pauseForWaitingMs?: number;
  /** Rows per chunk instead of sizing chunks by time (tests: Infinity writes creates and updates in one transaction each). */
  chunkRows?: number;
}

/**
 * Plans (before the write lock is taken), then records the run in a short IMMEDIATE transaction
 * (planning again first if what the plan looked up changed), writes the creates and updates in
 * chunks of their own, and remembers the mapping for files of this shape. A failure removes what
 * the chunks wrote and gives the changed customers their values back; a kill leaves that to the
 * next open (importRuns.ts sweepDeadImports).
 */
export async function commitCustomerImport(
  ctx: Ctx,
  req: CustomerImportRequest,
  onProgress: (p: ImportProgress) => void = () => undefined,
  table?: Table,
  options: CommitOptions = {},
): Promise<CustomerImportResult> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('commitCustomerImport needs the raw SQLite handle (ctx.sqlite, set by openBackend)');
  const bulk = { db: ctx.db, sqlite };
  onProgress({ phase: 'checking', done: 0, total: 0 });
  const file = table ?? (await readTable(req.file));
  // Checked before the write lock is taken, and again inside it only if a customer or the settings
  // changed meanwhile (lookupsChanged.ts): the counter sells while a large file is checked.
  const checkedAfter = await lastChangeSeq(ctx.db);
  const draft = await planCustomerImport(ctx.db, file, req, await getSettings(ctx.db), ctx.now());
  const { plan, run } = await immediateTransaction(ctx.db, async (trx) => {
    const plan = (await lookupsChangedSince(trx, checkedAfter))
      ? await planCustomerImport(trx, file, req, await getSettings(trx), ctx.now())
      : draft;
    return { plan, run: startRun(bulk, 'customers', plan.source) };
  });
  const chunk = chunkWriter(bulk, run);
  // A chunk that found the lock busy wrote nothing and is tried again; kysely's connection is held
  // meanwhile (in the app, another call's transaction may be open across an await).
  const write = <T>(body: () => T): Promise<T> => retryWhileBusy(() => ctx.db.connection().execute(async () => chunk(body)));
  const pause = options.pauseForWaitingMs ? giveWay(sqlite, options.pauseForWaitingMs) : nextTurn;
  try {
    await writePlan(bulk, plan, ctx.now, onProgress, { write, pause, runId: run, chunkRows: options.chunkRows });
    await finishRun(bulk, run);
  } catch (e) {
    try {
      await sweepRun(bulk, run, ctx.now(), pause);
    } catch (sweepError) {
      console.warn(
        '[regulars] the failed customer import will be removed at the next open:',
        sweepError instanceof Error ? sweepError.message : sweepError,
      );
    } finally {
      if (options.pauseForWaitingMs) importStopped(sqlite.name);
    }
    if (e instanceof BulkRowError && !isBusyError(e)) {
      const lines = (e.table === 'customers' ? plan.creates : plan.updates)[e.index]?.lines;
      throw new AppError('VALIDATION', `Nothing was imported: ${lines ? `line ${lines[0]}: ` : ''}${e.message}`);
    }
    throw e;
  }
  if (options.pauseForWaitingMs) importStopped(sqlite.name);
  // The customers are in; the mapping for files of this shape is a convenience of its own.
  await immediateTransaction(ctx.db, (trx) => rememberMapping(trx, file.header, plan.mapping));
  const total = plan.creates.length + plan.updates.length;
  onProgress({ phase: 'done', done: total, total });
  return resultOf(plan);
}
