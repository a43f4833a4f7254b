/**
 * One vCard 3.0 (RFC 2426) per contact, as phones' contact apps, Outlook and Google Contacts read
 * them: CRLF line ends, text values with \ , ; and line breaks escaped, lines longer than 75 octets
 * folded (CRLF + space) between characters, never inside a UTF-8 sequence, so Vietnamese and
 * Chinese names survive the fold.
 */
import type { NameParts } from './names';
import type { ExportContact } from './select';

const CRLF = '\r\n';
/** UTF-8 length of one code point. */
const utf8Length = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;');
}

/** Folds a content line at 75 octets; continuation lines start with one space (counted in their 75). */
export function fold(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0)!);
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + n > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join(CRLF + ' ');
}

export function vcard(c: ExportContact, name: NameParts): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0'];
  lines.push(`N:${escapeText(name.last)};${escapeText(name.first)};;;`);
  lines.push(`FN:${escapeText(c.fullName)}`);
  const tel = c.phoneCanonical ?? c.phone;
  if (tel) lines.push(`TEL;TYPE=CELL:${escapeText(tel)}`);
  if (c.email) lines.push(`EMAIL;TYPE=INTERNET:${escapeText(c.email)}`);
  if (c.birthday) lines.push(`BDAY:${c.birthday}`);
  if (c.address || c.area) lines.push(`ADR;TYPE=HOME:;;${escapeText(c.address ?? '')};${escapeText(c.area ?? '')};;;`);
  if (c.tags.length > 0) lines.push(`CATEGORIES:${c.tags.map(escapeText).join(',')}`);
  if (c.couponCode) lines.push(`NOTE:Coupon ${escapeText(c.couponCode)}`);
  lines.push(`UID:${escapeText(c.code)}`);
  lines.push('END:VCARD');
  return lines.map(fold).join(CRLF) + CRLF;
}
