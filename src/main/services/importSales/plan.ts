/**
 * The heart of the import: CSV records → what would be stored, row by row, with every problem
 * found (line + column). Reads only; preview shows the plan, commit writes it.
 */
import { customerInput, type CustomerData } from '../../../shared/contract';
import type {
  ImportFormats,
  ImportMapping,
  ImportPreviewRow,
  ImportRequest,
  ImportRowError,
  ImportRowErrorCode,
} from '../../../shared/contract/imports';
import type { ShopSettings } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { minorDigits } from '../../../shared/money';
import { pointsFor } from '../../../shared/points';
import { phoneKey } from '../../../shared/phone';
import { normaliseEmail } from '../../../shared/search';
import { nextTurn, Pacer, type Tx } from '../context';
import { parseCsv, parseCsvInTurns, type Delimiter } from './csv';
import { readFormats } from './formats';
import { matchCustomers, storedReceipts, takenCodes, takenExternalCodes } from './lookup';
import { DEFAULT_MAPPING, resolveColumns, type ColumnIndex, type Field } from './mapping';
import { guessKeyKind, readAmount, readDate, ZonedClock, type KeyKind } from './values';

const MAX_RECEIPT = 100;
const MAX_NOTE = 500;

export interface PlannedRow extends ImportPreviewRow {
  /** Index into ImportPlan.newCustomers when the row's customer is created by this import. */
  newCustomer: number | null;
  /** The matched customer's local key (customerId is its API id). */
  customerRef: number | null;
}

export interface ImportPlan {
  source: string;
  currency: string;
  delimiter: Delimiter;
  columns: string[];
  mapping: ImportMapping;
  formats: ImportFormats;
  rows: PlannedRow[];
  /** Every problem, in line order. */
  errors: ImportRowError[];
  /**
   * Customers to create; `since` is their first imported purchase, which is when they joined.
   * `code`: the file's own customer code when the key is one; `detailsMissing`: created from it alone.
   */
  newCustomers: { data: CustomerData; since: string; code: string | undefined; detailsMissing: boolean }[];
}

/** A row being checked: its problems so far, and its cells (for creating its customer). */
interface Work {
  row: PlannedRow;
  errs: ImportRowError[];
  fields: string[];
}

export function sourceOf(req: ImportRequest): string {
  return 'import:' + (req.options.sourceName ?? req.fileName ?? 'csv');
}

/**
 * With no mapping the file must name receipt, customer, date and amount in its header; optional
 * columns are picked up when named exactly (note or items, name, phone, email, external_code).
 */
function defaultMappingFor(header: string[]): ImportMapping {
  const lower = header.map((h) => h.toLowerCase());
  const has = (n: string): string | null => (lower.includes(n) ? n : null);
  const missing = (['receipt', 'customer', 'date', 'amount'] as const).filter((c) => !has(c));
  if (missing.length > 0) {
    throw new AppError(
      'IMPORT_COLUMN_MISSING',
      `Without a mapping the file needs the columns receipt, customer, date, amount; it has ${header.join(', ') || 'none'}. Choose which column holds what.`,
      { field: 'mapping', params: { column: missing.join(', '), columns: header.join(', ') } },
    );
  }
  return {
    ...DEFAULT_MAPPING,
    note: has('note') ?? has('items'),
    name: has('name'),
    phone: has('phone'),
    email: has('email'),
    externalCode: has('external_code'),
  };
}

export async function planImport(tx: Tx, req: ImportRequest, settings: ShopSettings, now: Date): Promise<ImportPlan> {
  const csv = await parseCsvInTurns(req.csv, req.options.delimiter, nextTurn);
  if (csv.header.length === 0)
    throw new AppError('VALIDATION', 'The file is empty: it needs a header line and one line per purchase.', { field: 'csv' });
  const mapping = req.mapping ?? defaultMappingFor(csv.header);
  const col = resolveColumns(csv.header, mapping);
  const source = sourceOf(req);
  const cells = function* (at: number | null) {
    if (at === null) return;
    for (const r of csv.records) if (!r.problem) yield r.fields[at] ?? '';
  };
  const formats = await readFormats(
    req.options,
    settings,
    minorDigits(settings.currency),
    () => cells(col.date),
    () => cells(col.amount),
  );
  const rows = await readRecords(csv.records, csv.header, col, settings, formats, now);

  // Already imported: the receipt is stored under this source. That outranks any other problem
  // on the row, so importing the same file again reports nothing new.
  const stored = await storedReceipts(
    tx,
    source,
    rows.flatMap((w) => (w.row.receipt ? [w.row.receipt] : [])),
  );
  for (const w of rows) {
    const receipt = w.row.receipt;
    if (receipt && stored.has(receipt) && !w.errs.some((e) => e.code === 'receipt_duplicate')) {
      w.row.status = 'already_imported';
      w.errs = [];
    }
  }

  const pending = rows.filter((w) => w.row.status !== 'already_imported' && w.row.customerKey);
  const matches = await matchCustomers(
    tx,
    pending.map((w) => w.row.customerKey!),
    mapping.customerKey,
    settings.country,
  );
  const unmatched: Work[] = [];
  for (const w of pending) {
    const r = w.row;
    const m = matches.get(r.customerKey!)!;
    const err = (code: ImportRowErrorCode, message: string) => addError(w, csv.header, col, 'customer', code, message, r.customerKey);
    if (m.kind === 'ambiguous')
      err('customer_ambiguous', `"${r.customerKey}" matches ${m.count} customers; use their customer codes instead`);
    else if (m.kind === 'found' && m.customer.erased)
      err('customer_erased', `"${r.customerKey}" is customer ${m.customer.code}, whose data was erased`);
    else if (m.kind === 'found') {
      r.customerId = m.customer.id;
      r.customerRef = m.customer.key;
      r.customerCode = m.customer.code;
      r.customerName = m.customer.fullName;
    } else if (!req.options.createCustomers) {
      err('customer_unknown', `"${r.customerKey}" matches no customer (choose "create missing customers" to add them)`);
    } else unmatched.push(w);
  }
  const groups = await planNewCustomers(tx, unmatched, mapping, csv.header, col, settings.country);

  for (const w of rows) {
    if (w.row.status === 'already_imported') continue;
    w.row.status = w.errs.length > 0 ? 'error' : 'new';
    // Walk-ins (no customer on the row) never earn; past purchases only when the owner chose so.
    if (w.row.status === 'new')
      w.row.points = req.options.earnPoints && w.row.customerKey ? pointsFor(w.row.amount!, settings.pointsRule) : 0;
  }

  // Only customers with at least one purchase to import are created.
  const newCustomers: ImportPlan['newCustomers'] = [];
  for (const g of groups) {
    const live = g.rows.filter((w) => w.row.status === 'new');
    if (live.length === 0 || !g.data) continue;
    let since = live[0]!.row.soldAt!;
    for (const w of live) {
      w.row.newCustomer = newCustomers.length;
      if (w.row.soldAt! < since) since = w.row.soldAt!;
    }
    newCustomers.push({ data: g.data, since, code: g.code, detailsMissing: g.detailsMissing });
  }

  return {
    source,
    currency: settings.currency,
    delimiter: csv.delimiter,
    columns: csv.header,
    mapping,
    formats,
    rows: rows.map((w) => w.row),
    errors: rows.flatMap((w) => (w.row.status === 'error' ? w.errs : [])),
    newCustomers,
  };
}

function addError(
  w: Work,
  header: string[],
  col: ColumnIndex,
  field: Field | null,
  code: ImportRowErrorCode,
  message: string,
  value: string | null,
): void {
  const i = field === null ? null : col[field];
  const column = i === null ? null : (header[i] ?? null);
  const line = w.row.line;
  w.errs.push({ line, column, code, message: `line ${line}${column ? `, ${column}` : ''}: ${message}`, value });
}

function cellOf(w: Work, col: ColumnIndex, f: Field): string {
  const i = col[f];
  return i === null ? '' : (w.fields[i] ?? '').trim();
}

/** Cell by cell: receipt, customer key, date, amount, note; problems collected on the row. */
async function readRecords(
  records: ReturnType<typeof parseCsv>['records'],
  header: string[],
  col: ColumnIndex,
  settings: ShopSettings,
  formats: ImportFormats,
  now: Date,
): Promise<Work[]> {
  const pace = new Pacer();
  const digits = minorDigits(settings.currency);
  // Past sales cannot be later than now; a day's slack covers a till whose clock runs ahead.
  const latest = new Date(now.getTime() + 86_400_000).toISOString();
  const clock = new ZonedClock(settings.timeZone);
  const firstLine = new Map<string, number>();
  // No closures per row: a million-row file is checked in one pass, and garbage is the cost.
  const err = (w: Work, f: Field | null, code: ImportRowErrorCode, message: string): void =>
    addError(w, header, col, f, code, message, f ? cellOf(w, col, f) : null);
  const out: Work[] = new Array(records.length);
  for (let k = 0; k < records.length; k++) {
    if (pace.due()) await pace.turn();
    const rec = records[k]!;
    const w: Work = { row: null as unknown as PlannedRow, errs: [], fields: rec.fields };
    const r: PlannedRow = {
      line: rec.line,
      status: 'error',
      receipt: cellOf(w, col, 'receipt') || null,
      customerKey: cellOf(w, col, 'customer') || null,
      customerId: null,
      customerCode: null,
      customerName: null,
      createsCustomer: false,
      detailsMissing: false,
      newCustomer: null,
      customerRef: null,
      soldAt: null,
      amount: null,
      points: null,
      note: cellOf(w, col, 'note').slice(0, MAX_NOTE) || null,
    };
    w.row = r;
    if (rec.problem) {
      // The cells of a broken record are not what the person wrote: one error says it all.
      addError(w, header, col, null, 'csv_malformed', rec.problem, null);
      out[k] = w;
      continue;
    }
    if (!r.receipt) err(w, 'receipt', 'receipt_missing', 'is empty');
    else if (r.receipt.length > MAX_RECEIPT) err(w, 'receipt', 'receipt_too_long', `is longer than ${MAX_RECEIPT} characters`);
    else if (firstLine.has(r.receipt))
      err(w, 'receipt', 'receipt_duplicate', `"${r.receipt}" is already on line ${firstLine.get(r.receipt)}`);
    else firstLine.set(r.receipt, r.line);
    // No customer on the row: a walk-in purchase, as at the counter.
    const date = readDate(cellOf(w, col, 'date'), formats.dateFormat.value, clock);
    if (!date.ok) err(w, 'date', date.code, date.message);
    else if (date.value > latest) err(w, 'date', 'date_in_future', `"${cellOf(w, col, 'date')}" is in the future`);
    else r.soldAt = date.value;
    const amount = readAmount(cellOf(w, col, 'amount'), digits, formats.decimalMark.value);
    if (amount.ok) r.amount = amount.value;
    else err(w, 'amount', amount.code, amount.message);
    out[k] = w;
  }
  return out;
}

interface Draft {
  kind: KeyKind;
  rows: Work[];
  ownCode: string | undefined;
  detailsMissing: boolean;
  input: { fullName: string; phone: string | null; email: string | null; externalCode: string | null };
}

interface NewCustomerGroup {
  rows: Work[];
  data: CustomerData | null;
  code?: string;
  detailsMissing: boolean;
}

/**
 * An old system's customer number kept as the customer's code: printable, short enough for a card
 * and a list column. Others get a generated code (and keep the number as their external code).
 */
const OWN_CODE = /^[^\p{C}\s](?:[^\p{C}]{0,38}[^\p{C}\s])?$/u;

/** A key as an identity: one customer per phone, email or old-system code, however it is written. */
function identity(key: string, kind: KeyKind, country: string): string {
  if (kind === 'phone') return 'phone:' + (phoneKey(key, country) ?? key);
  if (kind === 'email') return 'email:' + normaliseEmail(key);
  return 'code:' + key;
}

/**
 * Customers to create, one per distinct key in the file. The name, phone, email and external code
 * come from the first row of that customer that has them. An old system's code becomes the
 * external code, so a later import of the same file finds the customer again.
 */
async function planNewCustomers(
  tx: Tx,
  rows: Work[],
  mapping: ImportMapping,
  header: string[],
  col: ColumnIndex,
  country: string,
): Promise<NewCustomerGroup[]> {
  const pace = new Pacer();
  const byIdentity = new Map<string, { kind: KeyKind; rows: Work[] }>();
  for (const w of rows) {
    if (pace.due()) await pace.turn();
    const key = w.row.customerKey!;
    const kind: KeyKind =
      mapping.customerKey === 'auto' ? guessKeyKind(key) : mapping.customerKey === 'externalCode' ? 'code' : mapping.customerKey;
    const id = identity(key, kind, country);
    const g = byIdentity.get(id) ?? { kind, rows: [] };
    g.rows.push(w);
    byIdentity.set(id, g);
  }
  const drafts: Draft[] = [];
  for (const { kind, rows: members } of byIdentity.values()) {
    if (pace.due()) await pace.turn();
    const first = (f: Field): string => {
      for (const m of members) {
        const v = cellOf(m, col, f);
        if (v !== '') return v;
      }
      return '';
    };
    const key = members[0]!.row.customerKey!;
    // The key is the customer's code (not their old system's code, a phone or an email): the new
    // customer keeps it, and a file without names still creates them, named by it until completed.
    const isCode = kind === 'code' && mapping.customerKey !== 'externalCode';
    const name = first('name');
    drafts.push({
      kind,
      rows: members,
      ownCode: isCode && OWN_CODE.test(key) ? key : undefined,
      detailsMissing: isCode && name === '',
      input: {
        fullName: name || (isCode ? key : ''),
        phone: kind === 'phone' ? key : first('phone') || null,
        email: kind === 'email' ? key : first('email') || null,
        externalCode: first('externalCode') || (kind === 'code' ? key : null),
      },
    });
  }
  const taken = await takenExternalCodes(
    tx,
    drafts.flatMap((d) => (d.input.externalCode ? [d.input.externalCode] : [])),
  );
  const takenOwn = await takenCodes(
    tx,
    drafts.flatMap((d) => (d.ownCode ? [d.ownCode] : [])),
  );
  const claimed = new Map<string, string>();
  // Codes are matched without regard to case ("c000123" finds C000123), so two keys differing only
  // in case cannot both become codes.
  const claimedCodes = new Map<string, string>();
  const groups: NewCustomerGroup[] = [];
  for (const d of drafts) {
    if (pace.due()) await pace.turn();
    groups.push(checkDraft(d));
  }
  return groups;

  // Checks a draft as the customer form would (phone, email, codes taken in the shop or the file).
  function checkDraft(d: Draft): NewCustomerGroup {
    const fail = (field: Field, code: ImportRowErrorCode, message: string, value: string | null) => {
      for (const r of d.rows) addError(r, header, col, col[field] === null ? 'customer' : field, code, message, value);
      return { rows: d.rows, data: null, detailsMissing: false };
    };
    const key = d.rows[0]!.row.customerKey!;
    if (d.input.fullName === '') {
      const hint = mapping.name ? 'is empty' : 'no customer name column is mapped';
      return fail('name', 'name_missing', `${hint}: a name is needed to create the customer "${key}"`, null);
    }
    const parsed = customerInput.safeParse(d.input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      const at: Field =
        field === 'phone'
          ? d.kind === 'phone'
            ? 'customer'
            : 'phone'
          : field === 'email'
            ? d.kind === 'email'
              ? 'customer'
              : 'email'
            : field === 'externalCode'
              ? 'externalCode'
              : 'name';
      const code =
        field === 'phone'
          ? 'phone_invalid'
          : field === 'email'
            ? 'email_invalid'
            : field === 'externalCode'
              ? 'external_code_invalid'
              : 'name_invalid';
      return fail(
        at,
        code,
        `${issue.message} (creating the customer "${key}")`,
        (d.input as Record<string, unknown>)[field] as string | null,
      );
    }
    const ext = parsed.data.externalCode;
    if (ext !== null) {
      const owner = taken.get(ext) ?? claimed.get(ext);
      if (owner) return fail('externalCode', 'external_code_taken', `external code "${ext}" already belongs to ${owner}`, ext);
      claimed.set(ext, `the customer "${key}" of line ${d.rows[0]!.row.line}`);
    }
    if (d.ownCode !== undefined) {
      const folded = d.ownCode.toUpperCase();
      const owner = takenOwn.get(folded) ?? claimedCodes.get(folded);
      if (owner) return fail('customer', 'customer_code_taken', `customer code "${d.ownCode}" is already used by ${owner}`, d.ownCode);
      claimedCodes.set(folded, `the customer "${key}" of line ${d.rows[0]!.row.line}`);
    }
    for (const w of d.rows) {
      w.row.createsCustomer = true;
      w.row.customerName = parsed.data.fullName;
      w.row.customerCode = d.ownCode ?? null;
      w.row.detailsMissing = d.detailsMissing;
    }
    return { rows: d.rows, data: parsed.data, code: d.ownCode, detailsMissing: d.detailsMissing };
  }
}
