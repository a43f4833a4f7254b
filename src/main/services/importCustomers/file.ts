/**
 * The file → header + rows, each row tagged with the line it starts on (header = line 1). A CSV is
 * read by the sales import's reader (any delimiter, BOM, quoted newlines, CRLF); an .xlsx's first
 * sheet by read-excel-file, where a row's line is its row number in the sheet.
 */
import { readSheet } from 'read-excel-file/node';
import type { CustomerImportFile } from '../../../shared/contract/customerImport';
import { AppError } from '../../../shared/errors';
import { nextTurn } from '../context';
import { parseCsvInTurns, type CsvRecord, type Delimiter } from '../importSales/csv';

export interface Table {
  format: 'csv' | 'xlsx';
  delimiter: Delimiter | null;
  header: string[];
  records: CsvRecord[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A sheet cell as the text a person would see. Dates become YYYY-MM-DD (read-excel-file gives them
 * at UTC midnight); a date cell without a date format stays an Excel serial number, which the date
 * reader understands too.
 */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

async function readXlsx(base64: string): Promise<Table> {
  let rows: unknown[][];
  try {
    rows = (await readSheet(Buffer.from(base64, 'base64'))) as unknown[][];
  } catch (e) {
    throw new AppError('VALIDATION', `The file could not be read as an .xlsx workbook (${e instanceof Error ? e.message : String(e)}).`, {
      field: 'file',
      params: { reason: 'xlsx' },
    });
  }
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  for (let i = 0; i < rows.length; i++) {
    const fields = rows[i]!.map(cellText);
    if (fields.every((f) => f.trim() === '')) continue;
    if (header === null) header = fields.map((h) => h.trim());
    else records.push({ line: i + 1, fields, problem: null });
  }
  return { format: 'xlsx', delimiter: null, header: header ?? [], records };
}

export async function readTable(file: CustomerImportFile): Promise<Table> {
  if (file.kind === 'xlsx') return readXlsx(file.base64);
  const csv = await parseCsvInTurns(file.text, file.delimiter, nextTurn);
  return { format: 'csv', delimiter: csv.delimiter, header: csv.header, records: csv.records };
}
