/**
 * Customer import: inspect a CSV or .xlsx file, preview the plan (nothing written), commit it
 * all-or-nothing in one transaction. Rejected rows are left out and listed; a failure while
 * writing leaves the shop as it was.
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
import type { Ctx } from '../context';
import { getSettings } from '../settings';
import { readTable, type Table } from './file';
import { rememberedMapping, rememberMapping, suggestCustomerMapping } from './mapping';
import { planCustomerImport, publicRow, type CustomerImportPlan } from './plan';
import { writePlan } from './write';
import { lastChangeSeq, lookupsChangedSince } from '../lookupsChanged';
import { immediateTransaction, isBusyError } from '../../db/busy';

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

/**
 * Plans, then in one IMMEDIATE transaction (planning again first if needed) writes the
 * creates and updates, and remembers the mapping for files of this shape. Any failure rolls all of
 * it back.
 */
export async function commitCustomerImport(
  ctx: Ctx,
  req: CustomerImportRequest,
  onProgress: (p: ImportProgress) => void = () => undefined,
  table?: Table,
): Promise<CustomerImportResult> {
  const sqlite = ctx.sqlite;
  if (!sqlite) throw new Error('commitCustomerImport needs the raw SQLite handle (ctx.sqlite, set by openBackend)');
  onProgress({ phase: 'checking', done: 0, total: 0 });
  const file = table ?? (await readTable(req.file));
  // Checked before the write lock is taken, and again inside it only if a customer or the settings
  // changed meanwhile (lookupsChanged.ts): the counter sells while a large file is checked.
  const checkedAfter = await lastChangeSeq(ctx.db);
  const draft = await planCustomerImport(ctx.db, file, req, await getSettings(ctx.db), ctx.now());
  return immediateTransaction(ctx.db, async (trx) => {
    const plan = (await lookupsChangedSince(trx, checkedAfter))
      ? await planCustomerImport(trx, file, req, await getSettings(trx), ctx.now())
      : draft;
    try {
      await writePlan({ db: ctx.db, sqlite }, plan, ctx.now, onProgress);
    } catch (e) {
      if (e instanceof BulkRowError && !isBusyError(e)) {
        const lines = (e.table === 'customers' ? plan.creates : plan.updates)[e.index]?.lines;
        throw new AppError('VALIDATION', `Nothing was imported: ${lines ? `line ${lines[0]}: ` : ''}${e.message}`);
      }
      throw e;
    }
    await rememberMapping(trx, file.header, plan.mapping);
    const total = plan.creates.length + plan.updates.length;
    onProgress({ phase: 'done', done: total, total });
    return resultOf(plan);
  });
}
