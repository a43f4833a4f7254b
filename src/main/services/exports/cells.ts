/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a cell starting with = + - @, a tab or a
 * carriage return is run as a formula by Excel, LibreOffice and Google Sheets, so such a cell is
 * prefixed with ' (papaparse then quotes it where needed). Line feeds inside a cell are kept: the
 * cell is quoted and spreadsheets read them as a line break, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** E.164 exactly ("+84912345678"): what Mailchimp reads as a phone and what must not get a quote mark. */
export const isE164 = (s: string): boolean => /^\+[1-9]\d{3,14}$/.test(s);
