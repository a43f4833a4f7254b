/**
 * Export: this install's changes since its last feed, as the next feed (docs/architecture.md,
 * "Feeds"). The first feed carries every customer and card (a shop's history is older than its
 * change log); later ones the customers and cards this install's own log entries touched, each
 * whole with its field clocks. Purchases and ledger rows made in this file's lineage
 * (origin_key NULL) are taken by key after the last mark, voids from the log. What sync applied
 * from others is logged under their install, so it is never exported as this install's.
 * The batch is read in one snapshot on a second connection (sync/snapshot.ts), so the counter keeps
 * writing meanwhile, and cut at that snapshot's marks; the marks move in a short write once every
 * piece is stored: a feed that could not be stored moves nothing (the next export adopts what was,
 * sync/adopt.ts), and a change made during the read has a later seq or key, for the next batch.
 */
import { sql, type Kysely } from 'kysely';
import { gidText } from '../../shared/gid';
import { ENTITY_CODES } from '../db/entities';
import type { Database } from '../db/schema';
import { customerClocksReader, installsOf } from './clocks';
import { ownStatus, ownStatusClock } from './cardStatus';
import { compileOnce, slot } from './compiled';
import { importHorizon } from '../services/importRuns';
import {
  CUSTOMER_FIELDS,
  type CardEntry,
  type CustomerEntry,
  type FactId,
  type FeedEntry,
  type PointsEntry,
  type SaleRow,
} from './entries';
import { encodeFeed, type FeedStore } from './feedFile';
import { exportCampaigns } from './campaigns';
import { refreshFindings, subjectsOf } from './findings';
import { tagAnnounced, tagToAnnounce } from './announceTag';
import { measuredPeers } from './clockDrift';
import { exportMerges } from './merges';
import { exportRatings } from './ratings';
import { exportFloors } from './tierFloors';
import { PIECE_LIMITS, replacingFirst, type PieceLimits } from './split';
import { exportSegments } from './segments';
import { exportSettings } from './settings';
import { adoptPublished } from './adopt';
import { inSnapshot, keyRanges, moveMarks, splitInTurns, subjectChunks, turn, TURN_EVERY } from './snapshot';
import { auditNews, exportAudit, markAuditSent } from './audit';

export interface ExportReport {
  /** The (last) feed written, or null when there was nothing new. */
  seq: number | null;
  /** How many feeds the batch was written as (sync/split.ts). */
  feeds?: number;
  /** Of those, how many were already in the store from an export that stopped part way (sync/adopt.ts). */
  adopted?: number;
  customers: number;
  cards: number;
  sales: number;
  voids: number;
  points: number;
  campaigns?: number;
  coupons?: number;
  merges: number;
  floors: number;
  ratings: number;
  segments?: number;
  settings?: number;
  audit?: number;
}

type Installs = Awaited<ReturnType<typeof installsOf>>;

const idOf = (inst: Installs, key: number): string => {
  const i = inst.byKey.get(key);
  if (!i) throw new Error(`no install with key ${key}`);
  return i.id;
};

export async function exportChanges(
  db: Kysely<Database>,
  store: FeedStore,
  nowMs = Date.now(),
  limits: PieceLimits = PIECE_LIMITS,
): Promise<ExportReport> {
  return inSnapshot(db, async ({ read: trx, raw, write }) => {
    const state = await trx.selectFrom('sync_state').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const inst = await installsOf(trx);
    const first = state.feed_seq === 0;
    const installIds = new Map([...inst.byKey].map(([k, v]) => [k, v.id]));
    const heads = await sql<{ seq: number | null; sale: number | null; ledger: number | null; hlc: number | null }>`SELECT
      (SELECT max(seq) FROM change_log) AS seq, (SELECT max(id) FROM sales) AS sale, (SELECT max(id) FROM points_ledger) AS ledger,
      (SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1) AS hlc`.execute(trx);
    const head = heads.rows[0]!;
    // Nothing of an import under way, nor anything written after it began (services/importRuns.ts).
    const hold = await importHorizon(trx);
    const upTo = (had: number, at: number | null, held: number | undefined): number => Math.max(had, Math.min(at ?? 0, held ?? Infinity));
    const marks = {
      change_seq: upTo(state.change_seq, head.seq, hold?.seq),
      sale_key: upTo(state.sale_key, head.sale, hold?.sale),
      ledger_key: upTo(state.ledger_key, head.ledger, hold?.ledger),
    };

    const touched = async (entity: number): Promise<number[]> => {
      if (first)
        return (
          await trx
            .selectFrom(entity === ENTITY_CODES.customer ? 'customers' : 'cards')
            .select('id')
            .$if(hold !== null, (q) => q.where('id', '<=', entity === ENTITY_CODES.customer ? hold!.customer : hold!.card))
            .orderBy('id')
            .execute()
        ).map((r) => r.id);
      const rows = await trx
        .selectFrom('change_log')
        .select('entity_id')
        .distinct()
        .where('entity', '=', entity)
        .where('origin', '=', inst.current)
        .where('seq', '>', state.change_seq)
        .where('seq', '<=', marks.change_seq)
        .orderBy('entity_id')
        .execute();
      return rows.map((r) => r.entity_id);
    };

    const customers: CustomerEntry[] = [];
    const customerRow = compileOnce(trx, trx.selectFrom('customers').selectAll().where('id', '=', slot('key')), raw);
    const clocksOf = customerClocksReader(trx, installIds, raw);
    for (const key of await touched(ENTITY_CODES.customer)) {
      if (customers.length % TURN_EVERY === 0) await turn();
      const [row] = await customerRow({ key });
      if (!row) continue;
      const clocks = await clocksOf(key);
      customers.push({
        t: 'customer',
        gid: gidText(row.gid),
        code: row.code,
        created_at: row.created_at,
        fields: Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, [row[f], clocks[f]]])) as CustomerEntry['fields'],
      });
    }

    const cards: CardEntry[] = [];
    for (const key of await touched(ENTITY_CODES.card)) {
      const row = await trx
        .selectFrom('cards as k')
        .innerJoin('customers as c', 'c.id', 'k.customer_id')
        .leftJoin('cards as r', 'r.id', 'k.replaced_by_card_id')
        .select([
          'k.gid',
          'c.gid as customer',
          'k.number',
          'k.status',
          'k.issued_at',
          'k.status_at',
          'k.status_reason',
          'r.gid as replaced_by',
        ])
        .where('k.id', '=', key)
        .executeTakeFirst();
      if (!row) continue;
      // Its own status, never a derived replacement (sync/cardStatus.ts), with the clock of the entry that set it.
      const own = ownStatus({ ...row, replaced_by: row.replaced_by ? gidText(row.replaced_by) : null });
      const [hlc, install] = await ownStatusClock(trx, key, own.status, installIds);
      cards.push({
        t: 'card',
        gid: gidText(row.gid),
        customer: gidText(row.customer),
        number: row.number,
        status: own.status,
        issued_at: row.issued_at,
        status_at: own.status_at,
        status_reason: own.status_reason,
        replaced_by: own.replaced_by,
        hlc,
        install,
      });
    }

    const saleQuery = trx
      .selectFrom('sales as s')
      .leftJoin('customers as c', 'c.id', 's.customer_id')
      .leftJoin('cards as k', 'k.id', 's.card_id')
      .leftJoin('coupons as q', 'q.id', 's.coupon_id')
      .select([
        's.id',
        's.origin',
        's.origin_key',
        'c.gid as customer',
        'k.gid as card',
        'q.gid as coupon',
        's.total',
        's.points',
        's.note',
        's.sold_at',
        's.created_at',
        's.voided_at',
        's.void_reason',
        's.source',
        's.receipt_ref',
        's.amount_before',
        's.points_redeemed',
        's.redeemed_value',
      ]);
    type SaleDbRow = Awaited<ReturnType<typeof saleQuery.execute>>[number];
    const toSale = (r: SaleDbRow): SaleRow => ({
      id: [idOf(inst, r.origin), r.origin_key ?? r.id],
      customer: r.customer ? gidText(r.customer) : null,
      card: r.card ? gidText(r.card) : null,
      total: r.total,
      points: r.points,
      note: r.note,
      sold_at: r.sold_at,
      created_at: r.created_at,
      voided_at: r.voided_at,
      void_reason: r.void_reason,
      source: r.source,
      receipt_ref: r.receipt_ref,
      amount_before: r.amount_before,
      points_redeemed: r.points_redeemed,
      redeemed_value: r.redeemed_value,
      coupon: r.coupon ? gidText(r.coupon) : null,
    });
    const sales: SaleRow[] = [];
    for (const [lo, hi] of keyRanges(state.sale_key, marks.sale_key))
      sales.push(
        ...(await saleQuery.where('s.origin_key', 'is', null).where('s.id', '>', lo).where('s.id', '<=', hi).orderBy('s.id').execute()).map(
          toSale,
        ),
      );

    const voidLog = await trx
      .selectFrom('change_log')
      .select(['entity_id', 'hlc'])
      .where('entity', '=', ENTITY_CODES.sale)
      .where('op', '=', 'void')
      .where('origin', '=', inst.current)
      .where('seq', '>', state.change_seq)
      .where('seq', '<=', marks.change_seq)
      .orderBy('seq')
      .execute();
    const voids: FeedEntry[] = [];
    for (const v of voidLog) {
      const r = await saleQuery.where('s.id', '=', v.entity_id).executeTakeFirst();
      if (r) voids.push({ t: 'void', sale: toSale(r), hlc: v.hlc, install: idOf(inst, inst.current) });
    }

    const ledgerIn = (lo: number, hi: number) =>
      trx
        .selectFrom('points_ledger as p')
        .innerJoin('customers as c', 'c.id', 'p.customer_id')
        .leftJoin('sales as s', 's.id', 'p.sale_id')
        .select([
          'p.id',
          'p.origin',
          'p.origin_key',
          'c.gid as customer',
          's.origin as sale_origin',
          's.origin_key as sale_origin_key',
          's.id as sale_key',
          'p.kind',
          'p.points',
          'p.reason',
          'p.created_at',
          'p.lot_debt',
          'p.expires_at',
        ])
        .where('p.origin_key', 'is', null)
        .where('p.id', '>', lo)
        .where('p.id', '<=', hi)
        .orderBy('p.id')
        .execute();
    const ledger: Awaited<ReturnType<typeof ledgerIn>> = [];
    for (const [lo, hi] of keyRanges(state.ledger_key, marks.ledger_key)) ledger.push(...(await ledgerIn(lo, hi)));
    // Every draw of the rows sent, in one range read rather than one query per ledger row.
    type Draw = { id: number; origin: number; origin_key: number | null; points: number };
    const drawsOf = new Map<number, Draw[]>();
    const addDraw = (ledgerId: number, d: Draw): void => {
      const list = drawsOf.get(ledgerId);
      if (list) list.push(d);
      else drawsOf.set(ledgerId, [d]);
    };
    for (const [lo, hi] of keyRanges(state.ledger_key, marks.ledger_key))
      for (const d of await trx
        .selectFrom('point_draws as d')
        .innerJoin('points_ledger as l', 'l.id', 'd.lot_id')
        .select(['d.ledger_id', 'l.id', 'l.origin', 'l.origin_key', 'd.points'])
        .where('d.ledger_id', '>', lo)
        .where('d.ledger_id', '<=', hi)
        .orderBy('d.ledger_id')
        .orderBy('l.id')
        .execute())
        addDraw(d.ledger_id, d);
    // What an expire row took from each lot (0112: lot_expiries, keyed by the expire row).
    for (const [lo, hi] of keyRanges(state.ledger_key, marks.ledger_key))
      for (const d of await trx
        .selectFrom('lot_expiries as x')
        .innerJoin('points_ledger as l', 'l.id', 'x.lot_id')
        .select(['x.expired_by as ledger_id', 'l.id', 'l.origin', 'l.origin_key', 'x.expired as points'])
        .where('x.expired_by', '>', lo)
        .where('x.expired_by', '<=', hi)
        .orderBy('x.expired_by')
        .orderBy('l.id')
        .execute())
        addDraw(d.ledger_id, { id: d.id, origin: d.origin, origin_key: d.origin_key, points: d.points });
    const points: PointsEntry[] = [];
    for (const r of ledger) {
      if (points.length % TURN_EVERY === 0) await turn();
      const draws = drawsOf.get(r.id) ?? [];
      points.push({
        t: 'points',
        id: [idOf(inst, r.origin), r.id],
        customer: gidText(r.customer),
        sale: r.sale_key === null ? null : [idOf(inst, r.sale_origin!), r.sale_origin_key ?? r.sale_key],
        kind: r.kind,
        points: r.points,
        reason: r.reason,
        created_at: r.created_at,
        // A lot's size before any draw: its points less what paid a debt when it was written.
        lot: r.lot_debt === null ? null : r.points - r.lot_debt,
        expires_at: r.expires_at,
        draws: draws.map((d): [FactId, number] => [[idOf(inst, d.origin), d.origin_key ?? d.id], d.points]),
      });
    }

    const offers = await exportCampaigns(trx, {
      first,
      current: inst.current,
      afterSeq: state.change_seq,
      toSeq: marks.change_seq,
      installIds,
    });
    const range = { trx, first, from: state.change_seq, to: marks.change_seq, current: inst.current, installIds };
    const [merges, floors, ratings] = [await exportMerges(range), await exportFloors(range), await exportRatings(range)];
    const [segments, settings] = [await exportSegments(range), await exportSettings(range)];
    const audit = await exportAudit(range, marks.sale_key);

    const report: ExportReport = {
      seq: null,
      customers: customers.length,
      cards: cards.length,
      sales: sales.length,
      voids: voids.length,
      points: points.length,
      campaigns: offers.campaigns.length,
      coupons: offers.coupons.length,
      merges: merges.length,
      floors: floors.length,
      ratings: ratings.length,
      segments: segments.length,
      settings: settings.length,
      audit: audit.length,
    };
    const offerCount = offers.campaigns.length + offers.coupons.length;
    const mine = merges.length + floors.length + ratings.length + segments.length + settings.length + auditNews(audit);
    const renumbered = await tagToAnnounce(trx);
    if (customers.length + cards.length + sales.length + voids.length + points.length + offerCount + mine === 0 && !renumbered)
      return report;

    const body: FeedEntry[] = [
      ...customers,
      ...replacingFirst(cards),
      ...settings,
      ...segments,
      ...offers.campaigns,
      ...offers.coupons,
      ...sales.map((sale): FeedEntry => ({ t: 'sale', sale })),
      ...voids,
      ...points,
      ...floors,
      ...ratings,
      ...merges,
      ...audit,
    ];
    const installsEntry: FeedEntry = { t: 'installs', list: [...inst.byKey.values()].map((i) => ({ id: i.id, tag: i.tag })) };
    // Every piece carries the batch's marks: the reader takes only their clock and HLC, both the batch's.
    const marksEntry: FeedEntry = { t: 'marks', ...marks, hlc: head.hlc ?? 0, clock: nowMs, peers: await measuredPeers(trx) };
    const subjects = await subjectsOf(trx, body);
    // A batch published in part before (a full stick, a failed commit): numbered after, without what those pieces carry.
    const adopted = await adoptPublished(trx, store, idOf(inst, inst.current), state.feed_seq);
    const rest = adopted.unsent(body);
    const pieces = rest.length === 0 && adopted.count > 0 ? [] : await splitInTurns(installsEntry, rest, marksEntry, limits);
    const from = state.feed_seq + adopted.count;
    for (const [i, piece] of pieces.entries()) {
      await store.publish(encodeFeed(idOf(inst, inst.current), from + 1 + i, piece));
      await turn();
    }
    const seq = from + pieces.length;
    // Findings a few subjects per short write; the marks move only once every piece is stored (else the next export adopts them).
    for (const some of subjectChunks(subjects)) {
      await write((w) => refreshFindings(w, some, installIds));
      await turn();
    }
    await write(async (w) => {
      await moveMarks(w, state.feed_seq, { feed_seq: seq, ...marks });
      await markAuditSent(w, audit);
      if (renumbered) await tagAnnounced(w);
    });
    return { ...report, seq, feeds: adopted.count + pieces.length, ...(adopted.count > 0 ? { adopted: adopted.count } : {}) };
  });
}
