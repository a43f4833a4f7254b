/**
 * Mailing-list exports (issue 15): the contacts of a campaign, a saved segment, an RFM segment or
 * the whole shop, as a Mailchimp import file, a spreadsheet CSV or vCards. Only people with
 * recorded marketing consent unless the owner explicitly includes the others; every export is
 * recorded (contact_exports).
 */
import { z } from 'zod';
import { RFM_SEGMENTS, type RfmSegment } from '../rfm';
import { id, out } from './schema';

export const EXPORT_FORMATS = ['mailchimp', 'excel', 'vcard'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportSelection =
  | { kind: 'all' }
  | { kind: 'segment'; segmentId: string }
  | { kind: 'rfm'; segment: RfmSegment }
  /** The campaign's coupon holders (live coupons), each with their code. */
  | { kind: 'campaign'; campaignId: string };

export const exportSelection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('segment'), segmentId: id }),
  z.object({ kind: z.literal('rfm'), segment: z.enum(RFM_SEGMENTS) }),
  z.object({ kind: z.literal('campaign'), campaignId: id }),
]);

const includeWithoutConsent = z.boolean().default(false);

export interface ContactExport {
  /** The whole file as text (the excel format starts with a BOM). */
  content: string;
  filename: string;
  mimeType: string;
  rows: number;
}

export interface ContactExportCount {
  /** Who the export would hold with the chosen consent option. */
  count: number;
  /** Of the selection, people without recorded marketing consent (left out unless included). */
  withoutConsent: number;
}

export interface ContactExportProgress {
  /** Rows written so far and how many there will be (null until counted). */
  done: number;
  total: number | null;
}

/** A client-chosen name for one export, to ask how far it got while it runs (a progress bar). */
const progressKey = z.string().min(8).max(64);

export const exportsContract = {
  'exports.contactsCount': {
    input: z.object({ selection: exportSelection, includeWithoutConsent }),
    output: out<ContactExportCount>(),
  },
  /** Builds the file (in chunks that let the counter in) and records the export. */
  'exports.contacts': {
    input: z.object({
      selection: exportSelection,
      format: z.enum(EXPORT_FORMATS),
      includeWithoutConsent,
      progressKey: progressKey.optional(),
    }),
    output: out<ContactExport>(),
  },
  /** How far a running export with this progressKey got; null when none is running under it. */
  'exports.progress': { input: z.object({ key: progressKey }), output: out<ContactExportProgress | null>() },
} as const;
