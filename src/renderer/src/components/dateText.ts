/**
 * Dates as people of each UI language type them: dd/mm/yyyy in Vietnamese, yyyy/mm/dd in
 * Traditional Chinese, mm/dd/yyyy in English. Stored as YYYY-MM-DD.
 */
import { isValidIsoDate } from '../../../shared/time';

export type DatePattern = 'dd/mm/yyyy' | 'yyyy/mm/dd' | 'mm/dd/yyyy';

export function patternOf(language: string): DatePattern {
  if (language === 'vi') return 'dd/mm/yyyy';
  if (language.startsWith('zh')) return 'yyyy/mm/dd';
  return 'mm/dd/yyyy';
}

export function formatDateText(iso: string | null, pattern: DatePattern): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!m) return '';
  const [, y, mo, d] = m;
  if (pattern === 'dd/mm/yyyy') return `${d}/${mo}/${y}`;
  if (pattern === 'yyyy/mm/dd') return `${y}/${mo}/${d}`;
  return `${mo}/${d}/${y}`;
}

/**
 * '' for an empty field, the ISO date, or null when it is not a date. Any separator is taken
 * (30.11.2026, 2026-11-30, 2026年11月30日); a four-digit first part is always the year.
 */
export function parseDateText(text: string, pattern: DatePattern): string | null | '' {
  const parts = text.trim().split(/\D+/).filter(Boolean);
  if (parts.length === 0) return '';
  if (parts.length !== 3 || !parts.every((p) => p.length <= 4)) return null;
  const [a, b, c] = parts as [string, string, string];
  let y: string, mo: string, d: string;
  if (a.length === 4) [y, mo, d] = [a, b, c];
  else if (pattern === 'dd/mm/yyyy') [d, mo, y] = [a, b, c];
  else if (pattern === 'mm/dd/yyyy') [mo, d, y] = [a, b, c];
  else return null;
  if (y.length !== 4) return null;
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}
