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

/** A file being read: what is known so far, carried from one stretch of records to the next. */
interface Reading {
  text: string;
  delimiter: Delimiter;
  /** Lines still to skip (Excel's "sep=" line). */
  skip: number;
  header: string[] | null;
  records: CsvRecord[];
  /** The line the next record starts on, and where in the text it starts. */
  line: number;
  start: number;
}

function begin(input: string, forced: Delimiter | null): Reading {
  // Excel writes UTF-8 with a byte-order mark; it is not part of the first column's name.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // Excel's "sep=;" first line names the delimiter and is not part of the data.
  const sepLine = /^sep=([,;\t|])\r?\n/i.exec(text);
  const delimiter = forced ?? (sepLine ? (sepLine[1] as Delimiter) : detectDelimiter(text));
  return { text, delimiter, skip: sepLine ? 1 : 0, header: null, records: [], line: 1, start: 0 };
}

/** One record from Papa; `offset` is where the parsed stretch starts in the whole text. */
function take(r: Reading, result: Papa.ParseStepResult<string[]>, offset: number): void {
  const end = offset + result.meta.cursor;
  const fields = result.data;
  const recordLine = r.line;
  r.line += lineBreaks(r.text, r.start, end);
  r.start = end;
  if (r.skip > 0) {
    r.skip--;
    return;
  }
  if (isBlank(fields)) return;
  if (r.header === null) {
    r.header = fields.map((h) => h.trim());
    return;
  }
  const problem = result.errors.length > 0 ? result.errors.map(describe).join('; ') : null;
  r.records.push({ line: recordLine, fields, problem });
}

const done = (r: Reading): ParsedCsv => ({ delimiter: r.delimiter, header: r.header ?? [], records: r.records });

export function parseCsv(input: string, forced: Delimiter | null = null): ParsedCsv {
  const r = begin(input, forced);
  Papa.parse<string[]>(r.text, { delimiter: r.delimiter, skipEmptyLines: false, step: (result) => take(r, result, 0) });
  return done(r);
}

/**
 * The line ending Papa guesses for a text (its `guessLineEndings`, which it does not export): from
 * the first megabyte, quoted text left out, '\r\n' when at least half the '\r's are followed by '\n'.
 */
function lineEnding(text: string): '\n' | '\r\n' | '\r' {
  const sample = text.substring(0, 1024 * 1024).replace(/"([^]*?)"/gm, '');
  const r = sample.split('\r');
  const n = sample.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0]!.length < r[0]!.length)) return '\n';
  let withN = 0;
  for (const part of r) if (part[0] === '\n') withN++;
  return withN >= r.length / 2 ? '\r\n' : '\r';
}

/**
 * As parseCsv, a stretch of `perTurn` records at a time with a turn of the event loop between
 * stretches, so a big file does not hold up the counter while it is read (20k rows took ~100 ms
 * in one go). Each stretch starts where the previous one's last record ended, with the line ending
 * and quoting mode Papa chose for the whole file, so the records and their lines are the same.
 * Papa is given a window of the text, not the whole rest of it: in fast mode it splits all it is
 * given into lines first, which made reading a 290k-row file quadratic. A record the window cuts
 * (it reaches the window's end) is read again, whole, by the next stretch.
 */
export async function parseCsvInTurns(
  input: string,
  forced: Delimiter | null,
  turn: () => Promise<void>,
  perTurn = 2000,
  /** Characters given to Papa at a time (tests make it tiny, to cut records everywhere). */
  windowChars = 1 << 18,
): Promise<ParsedCsv> {
  const r = begin(input, forced);
  const fastMode = r.text.indexOf('"') === -1;
  // Decided on the whole text, as parseCsv's Papa does: a window's guess could differ in a file
  // that mixes line endings.
  const newline = lineEnding(r.text);
  let from = 0;
  let window = windowChars;
  for (;;) {
    let rows = 0;
    let end = from;
    const offset = from;
    const stop = Math.min(r.text.length, offset + window);
    const whole = stop === r.text.length;
    const piece = offset === 0 && whole ? r.text : r.text.slice(offset, stop);
    Papa.parse<string[]>(piece, {
      delimiter: r.delimiter,
      skipEmptyLines: false,
      fastMode,
      newline,
      preview: perTurn,
      step: (result, parser) => {
        if (!whole && result.meta.cursor >= piece.length) {
          parser.abort();
          return;
        }
        rows++;
        end = offset + result.meta.cursor;
        take(r, result, offset);
      },
    });
    if (rows === 0 && !whole) {
      window *= 2; // one record longer than the window: read it with a wider one
      continue;
    }
    if (rows === 0 || end >= r.text.length || end <= from) break;
    from = end;
    await turn();
  }
  return done(r);
}
