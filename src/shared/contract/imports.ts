/**
 * Past-sales import from a CSV (an old POS or a spreadsheet): inspect the file, preview what
 * would be stored (nothing written), then commit all-or-nothing. The same file imported twice
 * changes nothing: receipts are unique per source (`import:<name>`).
 *
 * Flow for the UI: `imports.inspect` → pick columns (prefilled with `suggested`) →
 * `imports.preview` → show counts, rows and per-row errors → `imports.commit` (optionally with a
 * `jobId`, polled through `imports.progress` while it runs).
 */
import { z } from 'zod';
import { out } from './schema';

/**
 * Largest CSV text accepted through the API. The desktop (IPC) passes it whole; browser mode is
 * capped sooner by the HTTP transport's 10 MB body limit. The command line reads files directly.
 */
export const MAX_IMPORT_CSV_CHARS = 50_000_000;

/** How the customer column identifies a customer. `auto` tries code → external code → phone → email. */
export const CUSTOMER_KEYS = ['auto', 'code', 'externalCode', 'phone', 'email'] as const;
export type CustomerKey = (typeof CUSTOMER_KEYS)[number];

/** iso: year first (2025-12-31, 2025/12/31); dmy: 31/12/2025; mdy: 12/31/2025. */
export const DATE_FORMATS = ['iso', 'dmy', 'mdy'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];
export const DECIMAL_MARKS = ['.', ','] as const;
export type DecimalMark = (typeof DECIMAL_MARKS)[number];
/** How a format was decided: chosen by the person, shown by the file, or the shop's usual one. */
export type FormatSource = 'chosen' | 'file' | 'shop';

const column = (what: string) =>
  z
    .string({ message: `${what} must be a column name` })
    .max(200)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, { message: `choose the column holding the ${what}` });

const optionalColumn = (what: string) =>
  z
    .string({ message: `${what} must be a column name` })
    .max(200)
    .transform((s) => s.trim())
    .nullish()
    .transform((s) => (s ? s : null));

/** Which CSV column (by its header text, case-insensitive) holds what. */
export const importMapping = z.object({
  receipt: column('receipt number'),
  customer: column('customer'),
  customerKey: z.enum(CUSTOMER_KEYS, { message: `customer key must be one of ${CUSTOMER_KEYS.join(', ')}` }).default('auto'),
  date: column('date'),
  amount: column('amount'),
  note: optionalColumn('items / note'),
  name: optionalColumn('customer name'),
  phone: optionalColumn('customer phone'),
  email: optionalColumn('customer email'),
  externalCode: optionalColumn('external code'),
});
export type ImportMappingInput = z.input<typeof importMapping>;
export type ImportMapping = z.output<typeof importMapping>;

export const importOptions = z
  .object({
    /** The name of this source; receipts are unique per source. Default: the file name. */
    sourceName: z
      .string()
      .max(100, { message: 'the source name is at most 100 characters' })
      .transform((s) => s.trim())
      .nullish()
      .transform((s) => (s ? s : null)),
    createCustomers: z.boolean().default(false),
    /** Commit only: import the valid rows and leave the rows with errors out. */
    skipErrors: z.boolean().default(false),
    /** auto: what the file shows where it is unambiguous, else the shop's usual format. */
    dateFormat: z.enum(['auto', ...DATE_FORMATS], { message: 'date format must be auto, iso, dmy or mdy' }).default('auto'),
    decimalMark: z.enum(['auto', ...DECIMAL_MARKS], { message: 'decimal mark must be auto, "." or ","' }).default('auto'),
    /** Past purchases earn points only when the owner says so (their customers did not collect them then). */
    earnPoints: z.boolean().default(false),
    /** Forced delimiter; detected from the header line when absent. */
    delimiter: z
      .enum([',', ';', '\t', '|'])
      .nullish()
      .transform((d) => d ?? null),
    previewRows: z.number().int().min(0).max(500).default(50),
  })
  // prefault: an absent options object is parsed as {} so every field gets its own default.
  .prefault({});
export type ImportOptionsInput = z.input<typeof importOptions>;
export type ImportOptions = z.output<typeof importOptions>;

const csvText = z
  .string({ message: 'csv must be the text of the file' })
  .max(MAX_IMPORT_CSV_CHARS, { message: 'the file is too large to import here; use the command line (regulars import-sales FILE)' });

const fileName = z
  .string()
  .max(255)
  .transform((s) => s.trim())
  .nullish()
  .transform((s) => (s ? s : null));

export const importInput = z.object({
  csv: csvText,
  fileName,
  /** Omit for a file whose header is exactly receipt,customer,date,amount (customer = code). */
  mapping: importMapping.nullish().transform((m) => m ?? null),
  options: importOptions,
});
export type ImportInput = z.input<typeof importInput>;
export type ImportRequest = z.output<typeof importInput>;

/** Stable codes of per-row problems, for translation (the message is English). */
export const IMPORT_ROW_ERROR_CODES = [
  'csv_malformed',
  'receipt_missing',
  'receipt_too_long',
  'receipt_duplicate',
  'customer_code_taken',
  'customer_unknown',
  'customer_ambiguous',
  'customer_erased',
  'name_missing',
  'name_invalid',
  'phone_invalid',
  'email_invalid',
  'external_code_invalid',
  'external_code_taken',
  'date_missing',
  'date_invalid',
  'date_in_future',
  'amount_missing',
  'amount_invalid',
  'amount_not_positive',
  'amount_too_many_decimals',
  'amount_too_large',
] as const;
export type ImportRowErrorCode = (typeof IMPORT_ROW_ERROR_CODES)[number];

/** One problem on one CSV record. `line` is the physical line where the record starts (header = 1). */
export interface ImportRowError {
  line: number;
  /** The CSV column's header text, or null for a problem with the whole record. */
  column: string | null;
  code: ImportRowErrorCode;
  /** English, e.g. `line 7, amount: "-50000" must be more than zero`. */
  message: string;
  /** The cell's text as read. */
  value: string | null;
}

export type ImportRowStatus = 'new' | 'already_imported' | 'error';

/** A record as it would be stored. Fields a broken row could not produce are null. */
export interface ImportPreviewRow {
  line: number;
  status: ImportRowStatus;
  receipt: string | null;
  /** The customer's key as written in the file; null for a walk-in (no customer on the row). */
  customerKey: string | null;
  /** The matched customer; null when the row creates one (createsCustomer) or did not match. */
  customerId: string | null;
  customerCode: string | null;
  customerName: string | null;
  createsCustomer: boolean;
  /** A customer this import creates from a code alone: their details are to be completed. */
  detailsMissing: boolean;
  /** UTC ISO-8601. */
  soldAt: string | null;
  /** Minor units of the shop's currency. */
  amount: number | null;
  points: number | null;
  note: string | null;
}

export interface ImportCounts {
  /** Non-blank records after the header. */
  rows: number;
  /** Rows that would be imported now. */
  valid: number;
  /** Rows with at least one error. */
  errorRows: number;
  alreadyImported: number;
  /** Valid rows with no customer: imported as walk-in purchases. */
  walkIns: number;
  customersToCreate: number;
  /** New customers created from a code alone (no name in the file), flagged for completion. */
  customersWithoutDetails: number;
  /** Sum of the valid rows' amounts, minor units. */
  totalAmount: number;
  /** Points the import gives (0 unless earnPoints). */
  points: number;
}

/** The date order and decimal mark the file is read with, and how each was decided. */
export interface ImportFormats {
  dateFormat: { value: DateFormat; how: FormatSource };
  decimalMark: { value: DecimalMark; how: FormatSource };
}

export interface ImportPreview {
  source: string;
  currency: string;
  delimiter: string;
  columns: string[];
  /** The mapping applied (the default one when none was given). */
  mapping: ImportMapping;
  formats: ImportFormats;
  counts: ImportCounts;
  /** The first `previewRows` records, whatever their status. */
  rows: ImportPreviewRow[];
  /** Every error, up to 1000; `errorCount` is the total. */
  errors: ImportRowError[];
  errorCount: number;
  firstSoldAt: string | null;
  lastSoldAt: string | null;
}

export interface ImportResult {
  source: string;
  imported: number;
  skippedAlreadyImported: number;
  skippedErrors: number;
  walkIns: number;
  customersCreated: number;
  customersWithoutDetails: number;
  formats: ImportFormats;
  totalAmount: number;
  points: number;
  firstSoldAt: string | null;
  lastSoldAt: string | null;
}

export interface ImportInspection {
  delimiter: string;
  columns: string[];
  /** Non-blank records after the header. */
  rowCount: number;
  /** The first records' cells, by column, for the mapping screen. */
  sample: string[][];
  /** A best guess from the header names; null for a field no header resembles. */
  suggested: { [K in keyof ImportMapping]: ImportMapping[K] | null };
  /** True when the header is exactly receipt,customer,date,amount and no mapping is needed. */
  isDefaultHeader: boolean;
}

export interface ImportProgress {
  /** 'backup': the copy taken before every import (issue 17). */
  phase: 'backup' | 'checking' | 'writing' | 'done' | 'failed';
  done: number;
  total: number;
}

const jobId = z.string().min(1).max(64);

export const importsContract = {
  'imports.inspect': {
    input: z.object({
      csv: csvText,
      delimiter: z
        .enum([',', ';', '\t', '|'])
        .nullish()
        .transform((d) => d ?? null),
    }),
    output: out<ImportInspection>(),
  },
  'imports.preview': { input: importInput, output: out<ImportPreview>() },
  'imports.commit': { input: importInput.extend({ jobId: jobId.nullish().transform((v) => v ?? null) }), output: out<ImportResult>() },
  'imports.progress': { input: z.object({ jobId }), output: out<ImportProgress | null>() },
} as const;
