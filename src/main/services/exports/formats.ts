/**
 * Rows per format. Each format turns a chunk of contacts into text that is appended to the file:
 *  - mailchimp: Mailchimp's import columns (DESIGN.md), UTF-8 without BOM. "Phone Number" is the
 *    E.164 key, which Mailchimp reads as an international phone; it keeps its + (a quote mark would
 *    make it text Mailchimp no longer recognises). Every other cell is neutralised.
 *  - excel: the same people with the columns a shop works with, UTF-8 WITH a BOM (without it Excel
 *    reads the file in the system's code page and garbles Vietnamese and Chinese). Phones are the
 *    shop's spaced national form ("0912 345 678"), which Excel keeps as text; a bare run of digits
 *    would lose its leading 0 and a + would start a formula, so those get a quote mark.
 *  - vcard: vCard 3.0 (RFC 2426), one card per contact, CRLF, escaped, folded at 75 octets.
 */
import Papa from 'papaparse';
import type { ExportFormat } from '../../../shared/contract/exports';
import { isE164, neutralise } from './cells';
import { splitName } from './names';
import type { ExportContact } from './select';
import { vcard } from './vcard';

export const MAILCHIMP_COLUMNS = ['Email Address', 'First Name', 'Last Name', 'Address', 'Phone Number', 'Birthday', 'Tags'] as const;
export const EXCEL_COLUMNS = [
  'Customer code',
  'Full name',
  'First name',
  'Last name',
  'Email',
  'Phone',
  'Birthday',
  'Address',
  'Area',
  'Tags',
  'Marketing consent',
] as const;
export const BOM = '\uFEFF';
const NEWLINE = '\r\n';

/** Mailchimp's "Birthday" is MM/DD (no year, so it is never a date of birth kept elsewhere). */
const mmdd = (iso: string | null): string => (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}` : '');

const oneLine = (parts: (string | null)[]): string =>
  parts
    .map((p) => (p ?? '').replace(/\s*[\r\n]+\s*/g, ', ').trim())
    .filter((p) => p !== '')
    .join(', ');

function mailchimpRow(c: ExportContact, withCoupon: boolean): string[] {
  const { first, last } = splitName(c.fullName);
  const phone = c.phoneCanonical && isE164(c.phoneCanonical) ? c.phoneCanonical : neutralise(c.phoneCanonical ?? '');
  const row = [
    neutralise(c.email ?? ''),
    neutralise(first),
    neutralise(last),
    neutralise(oneLine([c.address, c.area])),
    phone,
    mmdd(c.birthday),
    // Mailchimp splits the Tags cell on commas.
    neutralise(c.tags.map((t) => t.replace(/,/g, ' ')).join(',')),
  ];
  if (withCoupon) row.push(neutralise(c.couponCode ?? ''));
  return row;
}

function excelPhone(c: ExportContact): string {
  const p = c.phone ?? '';
  return /^\d+$/.test(p) ? `'${p}` : neutralise(p);
}

function excelRow(c: ExportContact, withCoupon: boolean): string[] {
  const { first, last } = splitName(c.fullName);
  const row = [
    c.code,
    c.fullName,
    first,
    last,
    c.email ?? '',
    excelPhone(c),
    c.birthday ?? '',
    c.address ?? '',
    c.area ?? '',
    c.tags.join(', '),
    c.consent ? 'yes' : 'no',
  ].map((cell, i) => (i === 5 ? cell : neutralise(cell)));
  if (withCoupon) row.push(neutralise(c.couponCode ?? ''));
  return row;
}

export interface Shaper {
  header: string;
  chunk(contacts: ExportContact[]): string;
  extension: string;
  mimeType: string;
}

function csv(fields: string[], prefix: string, row: (c: ExportContact) => string[]): Omit<Shaper, 'extension' | 'mimeType'> {
  const header = prefix + Papa.unparse([fields], { newline: NEWLINE }) + NEWLINE;
  return {
    header,
    chunk: (contacts) => (contacts.length === 0 ? '' : Papa.unparse(contacts.map(row), { newline: NEWLINE }) + NEWLINE),
  };
}

export function shaper(format: ExportFormat, withCoupon: boolean): Shaper {
  switch (format) {
    case 'mailchimp': {
      const fields = [...MAILCHIMP_COLUMNS, ...(withCoupon ? ['Coupon Code'] : [])];
      return { ...csv(fields, '', (c) => mailchimpRow(c, withCoupon)), extension: 'csv', mimeType: 'text/csv;charset=utf-8' };
    }
    case 'excel': {
      const fields = [...EXCEL_COLUMNS, ...(withCoupon ? ['Coupon code'] : [])];
      return { ...csv(fields, BOM, (c) => excelRow(c, withCoupon)), extension: 'csv', mimeType: 'text/csv;charset=utf-8' };
    }
    case 'vcard':
      return {
        header: '',
        chunk: (contacts) => contacts.map((c) => vcard(c, splitName(c.fullName))).join(''),
        extension: 'vcf',
        mimeType: 'text/vcard;charset=utf-8',
      };
  }
}
