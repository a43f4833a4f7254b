/**
 * Everything the shop holds about one person (Decree 13/2023 and GDPR let them ask for it): their
 * profile (and the records merged into it), consent with its history, cards, purchases, points
 * and coupons, as one JSON file and one CSV file of sections (one header row per section, a blank
 * line between), which a spreadsheet opens as is. Cells are neutralised against formula injection.
 * The export is logged (entity customer_export, the person's key), never its content.
 *
 * Consent history: the shop keeps the current consent (given or not, date, source); the change
 * log names the times the consent fields were changed, and that list is the history exported.
 */
import Papa from 'papaparse';
import type { ExportedFile } from '../../../shared/contract/privacy';
import { AppError } from '../../../shared/errors';
import { hlcMs } from '../../../shared/hlc';
import { logChange } from '../../db/changeLog';
import { ENTITY_CODES } from '../../db/entities';
import { neutralise } from '../exports/cells';
import { toCustomer } from '../customers';
import type { Ctx, Tx } from '../context';
import { apiId, factId, isoOf, isoOrNull } from '../keys';
import { mergedError, personRows } from './person';

const BOM = '\uFEFF';
const NEWLINE = '\r\n';
const CONSENT_FIELDS = new Set(['consent_marketing', 'consent_date', 'consent_source']);

type Row = Record<string, string | number | boolean | null>;

async function collect(tx: Tx, id: string) {
  const rows = await personRows(tx, id);
  const own = rows[0]!;
  if (own.merged_into) throw await mergedError(tx, own);
  if (own.erased_at) throw new AppError('CUSTOMER_ERASED', 'This customer was erased: the shop holds no personal data about them.');
  const ids = rows.map((r) => r.id);
  const gidOf = new Map(rows.map((r) => [r.id, r.gid]));
  const profile = rows.map((r) => {
    const c = toCustomer(r);
    return {
      id: c.id,
      code: c.code,
      fullName: c.fullName,
      phone: c.phone,
      email: c.email,
      birthday: c.birthday,
      gender: c.gender,
      area: c.area,
      address: c.address,
      tags: c.tags.join(', '),
      notes: c.notes,
      externalCode: c.externalCode,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      mergedInto: r.merged_into === null ? null : apiId(gidOf.get(r.merged_into)!),
    } satisfies Row;
  });
  const consent = [
    { kind: 'current', at: own.consent_date, marketing: own.consent_marketing === 1, source: own.consent_source } as Row,
    ...(
      await tx
        .selectFrom('change_log')
        .select(['hlc', 'op', 'data', 'entity_id'])
        .where('entity', '=', ENTITY_CODES.customer)
        .where('entity_id', 'in', ids)
        .orderBy('seq')
        .execute()
    )
      .filter((e) => e.op === 'create' || (e.data !== null && (JSON.parse(e.data) as string[]).some((f) => CONSENT_FIELDS.has(f))))
      .map((e) => ({
        kind: e.op === 'create' ? 'recorded' : 'changed',
        at: new Date(hlcMs(e.hlc)).toISOString(),
        marketing: null,
        source: null,
      })),
  ];
  const cards = await tx
    .selectFrom('cards')
    .select(['number', 'status', 'issued_at as issuedAt', 'status_at as statusAt', 'status_reason as statusReason'])
    .where('customer_id', 'in', ids)
    .orderBy('issued_at')
    .execute();
  const sales = await tx
    .selectFrom('sales as s')
    .leftJoin('cards as k', 'k.id', 's.card_id')
    .leftJoin('coupons as q', 'q.id', 's.coupon_id')
    .select([
      's.id',
      's.sold_at as soldAt',
      's.total',
      's.amount_before as amountBefore',
      's.points',
      's.points_redeemed as pointsRedeemed',
      's.redeemed_value as redeemedValue',
      's.note',
      's.source',
      's.receipt_ref as receiptRef',
      'k.number as cardNumber',
      'q.code as couponCode',
      's.voided_at as voidedAt',
      's.void_reason as voidReason',
    ])
    .where('s.customer_id', 'in', ids)
    .orderBy('s.sold_at')
    .orderBy('s.id')
    .execute();
  // Keys, ms and the NULL defaults (0100) as the API shows them.
  const purchases = sales.map((p) => ({
    ...p,
    id: factId(p.id),
    soldAt: isoOf(p.soldAt),
    source: p.source ?? 'counter',
    voidedAt: isoOrNull(p.voidedAt),
  }));
  const ledger = await tx
    .selectFrom('points_ledger')
    .select(['created_at as at', 'kind', 'points', 'reason', 'sale_id as saleId'])
    .where('customer_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const points = ledger.map((p) => ({
    ...p,
    at: isoOf(p.at),
    reason: p.reason ?? 'purchase',
    saleId: p.saleId === null ? null : factId(p.saleId),
  }));
  const coupons = await tx
    .selectFrom('coupons as q')
    .innerJoin('campaigns as m', 'm.id', 'q.campaign_id')
    .select([
      'q.code',
      'm.name as campaign',
      'm.offer_kind as offerKind',
      'm.offer_value as offerValue',
      'm.valid_from as validFrom',
      'm.valid_to as validTo',
      'q.issued_at as issuedAt',
      'q.used_count as usedCount',
      'q.usage_limit as usageLimit',
      'q.voided_at as voidedAt',
    ])
    .where('q.customer_id', 'in', ids)
    .orderBy('q.issued_at')
    .execute();
  const balance = points.reduce((sum, p) => sum + p.points, 0);
  return { own, profile, consent, cards, purchases, points, coupons, balance };
}

// Only text can start a formula; a number such as -17 points stays a number.
const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? neutralise(v) : String(v));

function csvSection(name: string, rows: readonly object[]): string {
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : ['(none)'];
  const body = rows.map((r) => columns.map((c) => cell((r as Row)[c])));
  return `${name}${NEWLINE}${Papa.unparse({ fields: columns, data: body }, { newline: NEWLINE })}${NEWLINE}`;
}

export async function exportCustomer(ctx: Ctx, id: string): Promise<{ json: ExportedFile; csv: ExportedFile }> {
  const at = ctx.now().toISOString();
  const data = await ctx.db.transaction().execute(async (trx) => {
    const d = await collect(trx, id);
    await logChange(trx, 'customer_export', d.own.id, 'create', at);
    return d;
  });
  const { own, ...sections } = data;
  const base = `customer-${own.code}-${at.slice(0, 10)}`;
  const json = JSON.stringify({ exportedAt: at, customer: own.code, ...sections }, null, 2);
  const csv =
    BOM +
    [
      csvSection('profile', sections.profile),
      csvSection('consent', sections.consent),
      csvSection('cards', sections.cards),
      csvSection('purchases', sections.purchases),
      csvSection('points', sections.points),
      csvSection('coupons', sections.coupons),
    ].join(NEWLINE);
  return {
    json: { filename: `${base}.json`, mimeType: 'application/json', content: json },
    csv: { filename: `${base}.csv`, mimeType: 'text/csv;charset=utf-8', content: csv },
  };
}
