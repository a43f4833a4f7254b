/**
 * CSV text → header + records, each record tagged with the physical line it starts on
 * (header = line 1). Quoted fields may hold newlines, so a record can span several lines;
 * the person fixing the file in a text editor or a spreadsheet needs the line where it starts.
 */
import Papa from 'papaparse';

export type Delimiter = ',' | ';' | '\t' | '|';
const DELIMITERS: Delimiter[] = [',', ';', '\t', '|'];

export interface CsvRecord {
  line: number;
  fields: string[];
  /** Papa's complaint about this record (an unclosed quote), if any. */
  problem: string | null;
}

export interface ParsedCsv {
  delimiter: Delimiter;
  header: string[];
  records: CsvRecord[];
}

/**
 * The delimiter that splits the header line (outside quotes) most often. The header is the one
 * line sure to hold plain names; data lines may hold "120,000" or "Nguyễn; Trần".
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  // Whether anything but white space came before: kept as we go, since re-reading the prefix at
  // every line break made a file opening with many blank lines quadratic.
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      // Skip leading blank lines; stop at the end of the first non-blank one.
      if (content || [...counts.values()].some((n) => n > 0)) break;
    } else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
    if (!content && ch.trim() !== '') content = true;
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Counts line breaks (\r\n, \n or a lone \r) in text[from, to). */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

function describe(e: Papa.ParseError): string {
  if (e.code === 'MissingQuotes') return 'a quote (") opened in this record is never closed, so the rest of the file reads as one cell';
  if (e.code === 'InvalidQuotes') return 'a quote (") inside a quoted cell must be doubled ("")';
  return e.message;
}

const isBlank = (fields: string[]): boolean => fields.every((f) => f.trim() === '');

export function parseCsv(input: string, forced: Delimiter | null = null): ParsedCsv {
  // Excel writes UTF-8 with a byte-order mark; it is not part of the first column's name.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // Excel's "sep=;" first line names the delimiter and is not part of the data.
  const sepLine = /^sep=([,;\t|])\r?\n/i.exec(text);
  const delimiter = forced ?? (sepLine ? (sepLine[1] as Delimiter) : detectDelimiter(text));
  let skip = sepLine ? 1 : 0;
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  let line = 1;
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      const fields = result.data;
      const recordLine = line;
      line += lineBreaks(text, start, end);
      start = end;
      if (skip > 0) {
        skip--;
        return;
      }
      if (isBlank(fields)) return;
      if (header === null) {
        header = fields.map((h) => h.trim());
        return;
      }
      const problem = result.errors.length > 0 ? result.errors.map(describe).join('; ') : null;
      records.push({ line: recordLine, fields, problem });
    },
  });
  return { delimiter, header: header ?? [], records };
}
