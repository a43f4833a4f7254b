/**
 * Customer import from a CSV or an .xlsx file: inspect the file (columns, a suggested or
 * remembered mapping, the first rows with their problems), preview the plan (what would be
 * created, updated, skipped or rejected; duplicates against the shop and inside the file), then
 * commit it all-or-nothing with the person's choices for duplicates and bad fields.
 *
 * Flow for the UI: `customerImport.inspect` → pick columns → `customerImport.preview` → choose
 * what to do with duplicates and bad fields → `customerImport.commit` (with a `jobId`, polled
 * through `customerImport.progress`).
 */
import { z } from 'zod';
import { MAX_IMPORT_CSV_CHARS, type DateFormat, type ImportProgress } from './imports';
import { out } from './schema';

/** An .xlsx file travels as base64: a third larger than its bytes. */
export const MAX_IMPORT_XLSX_BASE64_CHARS = 70_000_000;

export const CUSTOMER_IMPORT_FIELDS = [
  'name',
  'phone',
  'email',
  'birthday',
  'gender',
  'area',
  'address',
  'tags',
  'notes',
  'consent',
  'consentDate',
  'externalCode',
] as const;
export type CustomerImportField = (typeof CUSTOMER_IMPORT_FIELDS)[number];

/** What to do with a row that names a customer the shop or an earlier row already has. */
export const DUPLICATE_CHOICES = ['skip', 'update', 'create'] as const;
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number];

/** A field that cannot be read (an impossible date, a broken email): reject its row, or import the row without it, flagged. */
export const BAD_FIELD_CHOICES = ['reject', 'blank'] as const;
export type BadFieldChoice = (typeof BAD_FIELD_CHOICES)[number];

const optionalColumn = (what: string) =>
  z
    .string({ message: `${what} must be a column name` })
    .max(200)
    .transform((s) => s.trim())
    .nullish()
    .transform((s) => (s ? s : null));

/** Which column (by its header text, case-insensitive) holds what; only the name is required. */
export const customerImportMapping = z.object({
  name: z
    .string({ message: 'name must be a column name' })
    .max(200)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, { message: 'choose the column holding the name', params: { reason: 'required' } }),
  phone: optionalColumn('phone'),
  email: optionalColumn('email'),
  birthday: optionalColumn('birthday'),
  gender: optionalColumn('gender'),
  area: optionalColumn('area'),
  address: optionalColumn('address'),
  tags: optionalColumn('tags'),
  notes: optionalColumn('notes'),
  consent: optionalColumn('marketing consent'),
  consentDate: optionalColumn('consent date'),
  externalCode: optionalColumn('external code'),
});
export type CustomerImportMappingInput = z.input<typeof customerImportMapping>;
export type CustomerImportMapping = z.output<typeof customerImportMapping>;

/** The file itself: a CSV's text, or an .xlsx's bytes in base64 (its first sheet is read). */
export const customerImportFile = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('csv'),
      text: z.string({ message: 'the file must be text' }).max(MAX_IMPORT_CSV_CHARS, {
        message: 'the file is too large to import here; use the command line (regulars import-customers FILE)',
      }),
      /** Forced delimiter; detected from the header line when absent. */
      delimiter: z
        .enum([',', ';', '\t', '|'])
        .nullish()
        .transform((d) => d ?? null),
    }),
    z.object({
      kind: z.literal('xlsx'),
      base64: z
        .string({ message: 'the file must be base64 text' })
        .max(MAX_IMPORT_XLSX_BASE64_CHARS, {
          message: 'the file is too large to import here; use the command line (regulars import-customers FILE)',
        })
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'the file must be base64 text' }),
    }),
  ],
  { message: 'file.kind must be csv or xlsx' },
);
export type CustomerImportFile = z.output<typeof customerImportFile>;

const fileName = z
  .string()
  .max(255)
  .transform((s) => s.trim())
  .nullish()
  .transform((s) => (s ? s : null));

export const customerImportOptions = z
  .object({
    /** For every duplicate without a choice of its own. */
    onDuplicate: z.enum(DUPLICATE_CHOICES, { message: 'on duplicate must be skip, update or create' }).default('skip'),
    /** A choice per duplicate, by the line its row starts on. */
    duplicateChoices: z
      .array(z.object({ line: z.number().int().min(2), choice: z.enum(DUPLICATE_CHOICES) }))
      .max(1_000_000)
      .default([]),
    badFields: z.enum(BAD_FIELD_CHOICES, { message: 'bad fields must be reject or blank' }).default('reject'),
    /** Order of day and month in dates like 03/04/1990; year-first dates and Excel serials are always read. */
    dateFormat: z.enum(['auto', 'dmy', 'mdy'], { message: 'date format must be auto, dmy or mdy' }).default('auto'),
    previewRows: z.number().int().min(0).max(500).default(50),
  })
  .prefault({});
export type CustomerImportOptions = z.output<typeof customerImportOptions>;

export const customerImportInput = z.object({
  file: customerImportFile,
  fileName,
  /** Omit to use the mapping remembered for this file's header, else the suggested one. */
  mapping: customerImportMapping.nullish().transform((m) => m ?? null),
  options: customerImportOptions,
});
export type CustomerImportInput = z.input<typeof customerImportInput>;
export type CustomerImportRequest = z.output<typeof customerImportInput>;

/** Stable codes of per-row problems, for translation (the message is English). */
export const CUSTOMER_IMPORT_PROBLEM_CODES = [
  'csv_malformed',
  'name_missing',
  'name_invalid',
  'phone_invalid',
  'email_invalid',
  'birthday_invalid',
  'gender_invalid',
  'consent_invalid',
  'consent_date_invalid',
  'text_too_long',
  'tags_invalid',
  'external_code_invalid',
  'external_code_taken',
] as const;
export type CustomerImportProblemCode = (typeof CUSTOMER_IMPORT_PROBLEM_CODES)[number];

/** One problem on one row. `line` is the physical line (or sheet row) where the row starts; the header is line 1. */
export interface CustomerImportProblem {
  line: number;
  /** The column's header text, or null for a problem with the whole row. */
  column: string | null;
  field: CustomerImportField | null;
  code: CustomerImportProblemCode;
  /** English, e.g. `line 7, Birthday: "31/02/1990" is not a real date`. */
  message: string;
  /** The cell's text as read. */
  value: string | null;
}

export type CustomerImportAction = 'create' | 'update' | 'skip' | 'rejected';

export interface CustomerImportDuplicate {
  line: number;
  /** shop: an existing customer; file: a customer an earlier row of the file creates or updates. */
  against: 'shop' | 'file';
  matchedOn: 'externalCode' | 'phone' | 'email';
  /** The matched value as the file writes it. */
  value: string;
  /** The existing customer (against the shop, or the one an earlier row updates). */
  customerId: string | null;
  customerCode: string | null;
  customerName: string | null;
  /** The earlier row (against the file). */
  otherLine: number | null;
  /** What will be done with it (the row's own choice, else the one for all). */
  choice: DuplicateChoice;
}

export interface CustomerImportRow {
  line: number;
  action: CustomerImportAction;
  fullName: string | null;
  phone: string | null;
  email: string | null;
  externalCode: string | null;
  duplicate: CustomerImportDuplicate | null;
  /** Every problem of the row: why it is rejected, or the fields imported empty. */
  problems: CustomerImportProblem[];
  /** Imported with at least one field left empty. */
  flagged: boolean;
}

export interface CustomerImportCounts {
  /** Non-blank rows after the header. */
  rows: number;
  create: number;
  update: number;
  skip: number;
  rejected: number;
  /** Rows created or updated with a field left empty. */
  flagged: number;
  duplicatesInShop: number;
  duplicatesInFile: number;
}

export interface CustomerImportPreview {
  source: string;
  format: 'csv' | 'xlsx';
  delimiter: string | null;
  columns: string[];
  mapping: CustomerImportMapping;
  /** The order day/month dates are read in, and how it was decided. */
  dateFormat: { value: Exclude<DateFormat, 'iso'>; how: 'chosen' | 'file' | 'shop' };
  counts: CustomerImportCounts;
  /** The first `previewRows` rows, whatever their action. */
  rows: CustomerImportRow[];
  /** Every problem, up to 1000; `problemCount` is the total. */
  problems: CustomerImportProblem[];
  problemCount: number;
  /** Every duplicate, up to 5000; `duplicateCount` is the total. */
  duplicates: CustomerImportDuplicate[];
  duplicateCount: number;
}

export interface CustomerImportInspection {
  format: 'csv' | 'xlsx';
  delimiter: string | null;
  columns: string[];
  /** Non-blank rows after the header. */
  rowCount: number;
  /** The first rows' cells, by column, with the line each starts on. */
  sample: { line: number; cells: string[] }[];
  /** The mapping remembered for this header, else a guess from the header names (null: no column found). */
  suggested: { [K in keyof CustomerImportMapping]: CustomerImportMapping[K] | null };
  /** True when `suggested` is the mapping last used for a file with this header. */
  remembered: boolean;
  /** The plan with the suggested mapping, when it names a name column. */
  preview: CustomerImportPreview | null;
}

/** One line of the CLI's and the summary's lists. */
export interface CustomerImportListed {
  line: number;
  field: CustomerImportField | null;
  column: string | null;
  code: CustomerImportProblemCode;
  message: string;
  /** The cell's text as read. */
  value: string | null;
}

export interface CustomerImportResult {
  source: string;
  created: number;
  updated: number;
  skipped: number;
  /** Every problem of the rejected rows. */
  rejected: CustomerImportListed[];
  /** Every field left empty on a row that was imported. */
  flagged: CustomerImportListed[];
  counts: CustomerImportCounts;
}

const jobId = z.string().min(1).max(64);

export const customerImportContract = {
  'customerImport.inspect': {
    input: z.object({ file: customerImportFile, fileName, previewRows: z.number().int().min(0).max(500).default(20) }),
    output: out<CustomerImportInspection>(),
  },
  'customerImport.preview': { input: customerImportInput, output: out<CustomerImportPreview>() },
  'customerImport.commit': {
    input: customerImportInput.extend({ jobId: jobId.nullish().transform((v) => v ?? null) }),
    output: out<CustomerImportResult>(),
  },
  'customerImport.progress': { input: z.object({ jobId }), output: out<ImportProgress | null>() },
} as const;
