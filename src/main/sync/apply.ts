/**
 * Apply: one feed of another install, in one write transaction (all of it or nothing). Facts are
 * inserted once by global id; a customer's fields take the incoming value only when its clock is
 * later (last writer wins per field, ties broken by install id); a card's status takes the more
 * final one (blocked over replaced over lost over active), so a card blocked anywhere is blocked
 * everywhere. What is applied is logged under the writer's install and time, which is what keeps
 * it out of this install's exports and makes the log the field clocks; the last entry is this
 * install's, at `receiveHlc` of its clock and everything received, so its clock passes them.
 * A feed naming a row this install does not have yet (made on a third install whose feed has not
 * been applied) waits whole: WaitingFor rolls it back and the caller tries it again later.
 */
import type { Kysely } from 'kysely';
import { gidBytes, gidText } from '../../shared/gid';
import { receiveHlc, type Hlc } from '../../shared/hlc';
import { immediateTransaction } from '../db/busy';
import { clockedLogWriter, logWithClock } from '../db/changeLog';
import type { EntityName } from '../db/entities';
import type { Database } from '../db/schema';
import { customerClocksReader } from './clocks';
import {
  feedEntry,
  clockAfter,
  CUSTOMER_FIELDS,
  type CardEntry,
  type Clock,
  type CustomerEntry,
  type FactId,
  type FeedEntry,
  type PointsEntry,
  type SaleRow,
} from './entries';
import { FeedError, feedEntries, type Feed } from './feedFile';
import { campaignApplier } from './campaigns';
import { consentWins, isConsentField, CONSENT_FIELDS } from './consent';
import { refreshForEntries } from './findings';
import { eraseNotesOfErased } from './erasedNotes';
import { compileOnce, insertOnce, slot, updateOnce } from './compiled';
import { FactIndex, type FactTable } from './factIndex';
import { rawHandle } from '../db/rawHandle';
import { recordClock, type MarksClock } from './clockDrift';
import { duplicatesOf, type SyncDuplicate } from './duplicates';
import { claimExpiredLot } from './expiryClaims';
import { expiryKey, takeFromLot } from '../services/points/lots';
import type { ApplyKit } from './kit';
import { applyMerge, settleMerges } from './merges';
import { isDerivedReplacement, MERGED_CARD_REASON, ownStatus, ownStatusClock, settleCardsOf } from './cardStatus';
import { applyRating } from './ratings';
import { applyFloor, settleFloors } from './tierFloors';
import { applySegment } from './segments';
import { settingApplier } from './settings';
import { auditApplier } from './audit';
import { codeToStore } from './clashes';
import { followWriterTag } from './identity';

/** A feed that names a row not here yet: nothing of it was applied; it is tried again after other feeds. */
export class WaitingFor extends Error {}

export interface ApplyReport {
  install: string;
  seq: number;
  /** False when the feed had been applied before (a replay): nothing changed. */
  applied: boolean;
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
  /** Customers this feed brought in (or gave a phone or email) that match another here: offered for merge. */
  duplicates: SyncDuplicate[];
}

const STATUS_RANK: Record<string, number> = { active: 0, lost: 1, replaced: 2, blocked: 3 };

const bytes = (gid: string): Buffer => {
  const b = gidBytes(gid);
  if (!b) throw new FeedError('malformed', `not a global id: ${gid}`);
  return Buffer.from(b);
};

export async function applyFeed(db: Kysely<Database>, feed: Feed, nowMs: number): Promise<ApplyReport> {
  const { install: writer, seq } = feed.header;
  const entries = feedEntries(feed).map((raw, i): FeedEntry => {
    const r = feedEntry.safeParse(raw);
    if (r.success) return r.data as FeedEntry;
    const issue = r.error.issues[0];
    throw new FeedError('malformed', `entry ${i + 1} is not one this version reads (${issue?.path.join('.') || 't'}: ${issue?.message})`);
  });
  return immediateTransaction(db, async (trx) => {
    const report: ApplyReport = {
      install: writer,
      seq,
      applied: false,
      customers: 0,
      cards: 0,
      sales: 0,
      voids: 0,
      points: 0,
      merges: 0,
      floors: 0,
      ratings: 0,
      duplicates: [],
    };
    const arrived: number[] = [];
    const installs = new Map<string, number>();
    const installIds = new Map<number, string>();
    let current = 0;
    for (const r of await trx.selectFrom('installs').select(['key', 'id', 'current']).execute()) {
      installs.set(r.id, r.key);
      installIds.set(r.key, r.id);
      if (r.current === 1) current = r.key;
    }
    if (writer === installIds.get(current)) throw new FeedError('misplaced', `feed ${seq} is this install's own`);
    const at = new Date(nowMs).toISOString();
    const knowInstall = async (id: string, tag: number): Promise<number> => {
      const known = installs.get(id);
      if (known !== undefined) return known;
      const { key } = await trx
        .insertInto('installs')
        .values({ id, tag, created_at: at, current: 0, bound_to: null })
        .returning('key')
        .executeTakeFirstOrThrow();
      installs.set(id, key);
      installIds.set(key, id);
      return key;
    };
    const installKey = (id: string): number => {
      const k = installs.get(id);
      if (k === undefined) throw new FeedError('malformed', `the feed names install ${id} without listing it`);
      return k;
    };

    const writerKey = installs.get(writer);
    const peer =
      writerKey === undefined
        ? undefined
        : await trx.selectFrom('sync_peers').select('feed_seq').where('install', '=', writerKey).executeTakeFirst();
    const had = peer?.feed_seq ?? 0;
    if (seq <= had) return report;
    if (seq !== had + 1) throw new Error(`feed ${seq} of ${writer} came before feed ${had + 1}`);

    const head = await trx.selectFrom('change_log').select('hlc').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let received: Hlc = 0;
    // On the shop's own connection, statements prepared once run synchronously inside this transaction (sync/compiled.ts).
    const raw = rawHandle(db);
    const clocked = raw ? clockedLogWriter({ db: trx, sqlite: raw }) : null;
    const log = async (
      entity: EntityName,
      entityId: number,
      op: string,
      hlc: Hlc,
      origin: number,
      fields: readonly string[] | null,
    ): Promise<void> => {
      received = Math.max(received, hlc);
      if (clocked) clocked(entity, entityId, op, hlc, origin, fields);
      else await logWithClock(trx, entity, entityId, op, hlc, origin, fields);
    };

    // Lookups by global id, compiled once per feed and remembered: a feed names the same customers and purchases again and again.
    const customerKeys = new Map<string, number>();
    const customerByGid = compileOnce(trx, trx.selectFrom('customers').select('id').where('gid', '=', slot('gid')), raw);
    const customerKey = async (gid: string): Promise<number> => {
      const known = customerKeys.get(gid);
      if (known !== undefined) return known;
      const [r] = await customerByGid({ gid: bytes(gid) });
      if (!r) throw new WaitingFor(`customer ${gid} has not arrived yet`);
      customerKeys.set(gid, r.id);
      return r.id;
    };
    const clocksOf = customerClocksReader(trx, installIds, raw);
    const updateCustomer = updateOnce(trx, 'customers', raw);
    const cardByGid = compileOnce(trx, trx.selectFrom('cards').select('id').where('gid', '=', slot('gid')), raw);
    const cardKey = async (gid: string): Promise<number | null> => (await cardByGid({ gid: bytes(gid) }))[0]?.id ?? null;
    const factLookup = (table: 'sales' | 'points_ledger') =>
      compileOnce(
        trx,
        trx
          .selectFrom(table)
          .select('id')
          .where('origin', '=', slot('origin'))
          .where((eb) => eb.or([eb.and([eb('origin_key', 'is', null), eb('id', '=', slot('key'))]), eb('origin_key', '=', slot('key'))])),
        raw,
      );
    const factQueries = { sales: factLookup('sales'), points_ledger: factLookup('points_ledger') };
    const facts = new FactIndex(trx);
    const insertSale = insertOnce(trx, 'sales', raw);
    const insertLedger = insertOnce(trx, 'points_ledger', raw);
    const factKey = async (table: 'sales' | 'points_ledger', fact: FactId): Promise<number | null> => {
      const known = facts.get(table, fact);
      if (known !== undefined) return known;
      const [r] = await factQueries[table]({ origin: installKey(fact[0]), key: fact[1] });
      if (r) facts.set(table, fact, r.id);
      return r?.id ?? null;
    };
    /** Reads which of the feed's purchases and ledger rows are here already, once the installs it names are known. */
    const prefetchFacts = async (): Promise<void> => {
      // By table, then install: tens of thousands of asks, no key text built for each.
      const wanted: Record<FactTable, Map<string, number[]>> = { sales: new Map(), points_ledger: new Map(), audit_log: new Map() };
      const want = (table: FactTable, [install, key]: FactId): void => {
        const keys = wanted[table].get(install);
        if (keys) keys.push(key);
        else wanted[table].set(install, [key]);
      };
      // The customers the feed's purchases and ledger rows name, read in a few `IN` lists, not one lookup each per piece.
      const named = new Set<string>();
      for (const e of entries) {
        if (e.t === 'sale' || e.t === 'void') {
          want('sales', e.sale.id);
          if (e.sale.customer !== null) named.add(e.sale.customer);
        }
        // An audit row names its purchase, often in a later piece than the purchase (the rows are flushed last).
        if (e.t === 'audit') {
          want('audit_log', e.id);
          if (e.sale) want('sales', e.sale);
        }
        if (e.t !== 'points') continue;
        named.add(e.customer);
        want('points_ledger', e.id);
        if (e.sale) want('sales', e.sale);
        for (const [lot] of e.draws) want('points_ledger', lot);
      }
      for (const table of Object.keys(wanted) as FactTable[])
        for (const [install, keys] of wanted[table]) await facts.prefetch(table, install, installs.get(install), keys);
      const gids = [...named].filter((g) => !customerKeys.has(g));
      for (let i = 0; i < gids.length; i += 500) {
        const rows = await trx
          .selectFrom('customers')
          .select(['id', 'gid'])
          .where('gid', 'in', gids.slice(i, i + 500).map(bytes))
          .execute();
        for (const r of rows) customerKeys.set(gidText(r.gid), r.id);
      }
    };

    const applyCustomer = async (e: CustomerEntry): Promise<void> => {
      const gid = bytes(e.gid);
      const [found] = await customerByGid({ gid });
      let key: number;
      let local: Record<string, Clock>;
      // An external code another customer here holds is stored renamed, and the renaming logged as this till's edit (sync/clashes.ts).
      let renamed = false;
      if (found) {
        key = found.id;
        local = await clocksOf(key);
      } else {
        const values = Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, e.fields[f][0]])) as Record<string, unknown>;
        ({ value: values.external_code, renamed } = await codeToStore(trx, values.external_code, e.gid, null));
        const row = await trx
          .insertInto('customers')
          .values({ ...values, gid, code: e.code, created_at: e.created_at, merged_into: null } as never)
          .returning('id')
          .executeTakeFirstOrThrow();
        key = row.id;
        local = {};
      }
      const set: Record<string, unknown> = {};
      const groups = new Map<string, { clock: Clock; fields: string[] }>();
      const consentIn = found && (await consentTakes(key, e, local));
      for (const f of CUSTOMER_FIELDS) {
        const [value, clock] = e.fields[f];
        if (found && !(isConsentField(f) ? consentIn : clockAfter(clock, local[f] ?? [0, '']))) continue;
        if (found) set[f] = value;
        if (clock[0] === 0) continue;
        const g = groups.get(`${clock[0]} ${clock[1]}`) ?? { clock, fields: [] };
        g.fields.push(f);
        groups.set(`${clock[0]} ${clock[1]}`, g);
      }
      if ('external_code' in set) ({ value: set.external_code, renamed } = await codeToStore(trx, set.external_code, e.gid, key));
      if (Object.keys(set).length) await updateCustomer(set, key);
      if (!found || 'phone_canonical' in set || 'email_norm' in set) arrived.push(key);
      for (const g of groups.values())
        await log('customer', key, found ? 'update' : 'create', g.clock[0], installKey(g.clock[1]), g.fields);
      // A customer older than the change log has no clocks: its arrival is still logged, for the caches that follow the log.
      if (!found && groups.size === 0) await log('customer', key, 'create', 0, writerKeyNow(), null);
      if (renamed) await log('customer', key, 'update', receiveHlc(head?.hlc ?? 0, received, nowMs), current, ['external_code']);
      if (!found || Object.keys(set).length) report.customers++;
    };

    // Consent travels as one answer (sync/consent.ts): the latest consent event, a withdrawal winning a tie.
    const consentOf = compileOnce(trx, trx.selectFrom('customers').select('consent_marketing').where('id', '=', slot('id')), raw);
    const consentTakes = async (key: number, e: CustomerEntry, local: Record<string, Clock>): Promise<boolean> => {
      const [row] = await consentOf({ id: key });
      if (!row) throw new Error(`customer ${key} is gone mid-feed`);
      return consentWins(
        { given: Number(e.fields.consent_marketing[0]), clocks: CONSENT_FIELDS.map((f) => e.fields[f][1]) },
        { given: row.consent_marketing, clocks: CONSENT_FIELDS.map((f) => local[f] ?? [0, '']) },
      );
    };

    const unresolved: [key: number, replacedBy: string][] = [];
    const cardsTouched: number[] = [];
    const cardOrigin = (e: CardEntry): number => (e.install === '' ? writerKeyNow() : installKey(e.install));

    const applyCard = async (received: CardEntry): Promise<void> => {
      // A derived replacement from an older till is the active card it was (sync/cardStatus.ts).
      const e = ownStatus(received);
      const customer = await customerKey(e.customer);
      const existing = await trx.selectFrom('cards').selectAll().where('gid', '=', bytes(e.gid)).executeTakeFirst();
      const replacedBy = e.replaced_by ? await cardKey(e.replaced_by) : null;
      // The card that replaced it may come later in this feed: pointed to once every entry is in.
      const later = (key: number): void => void (e.replaced_by && replacedBy === null && unresolved.push([key, e.replaced_by]));
      if (!existing) {
        const row = {
          gid: bytes(e.gid),
          number: e.number,
          customer_id: customer,
          issued_at: e.issued_at,
          status: e.status,
          status_at: e.status_at,
          status_reason: e.status_reason,
          replaced_by_card_id: replacedBy,
        };
        const other =
          e.status === 'active'
            ? await trx
                .selectFrom('cards')
                .select('id')
                .where('customer_id', '=', customer)
                .where('status', '=', 'active')
                .executeTakeFirst()
            : undefined;
        // Two tills issued this customer a card: it goes in beside the other, and settleCards keeps the newer active.
        const values = other
          ? { ...row, status: 'replaced', status_at: e.issued_at, status_reason: MERGED_CARD_REASON, replaced_by_card_id: other.id }
          : row;
        const { id } = await trx.insertInto('cards').values(values).returning('id').executeTakeFirstOrThrow();
        if (!other) later(id);
        await log('card', id, e.status === 'active' ? 'issue' : e.status, e.hlc, cardOrigin(e), null);
        cardsTouched.push(id);
        report.cards++;
      } else if (await cardWins(e, existing.id, isDerivedReplacement(existing) ? 'active' : existing.status)) {
        await trx
          .updateTable('cards')
          .set({
            status: e.status,
            status_at: e.status_at,
            status_reason: e.status_reason,
            // The winning status whole, its pointer included (a card not here yet: set once the feed is in).
            replaced_by_card_id: replacedBy,
          })
          .where('id', '=', existing.id)
          .execute();
        later(existing.id);
        await log('card', existing.id, e.status, e.hlc, cardOrigin(e), ['status', 'status_at', 'status_reason', 'replaced_by_card_id']);
        cardsTouched.push(existing.id);
        report.cards++;
      } else if (e.status === 'active' && e.hlc > 0 && (await claimsLater(e, existing))) {
        // Kept as the person's card by a later merge on another till: the claim travels on (sync/cardStatus.ts).
        await log('card', existing.id, 'claim', e.hlc, cardOrigin(e), null);
        cardsTouched.push(existing.id);
      }
    };

    const claimsLater = async (e: CardEntry, existing: { id: number; status: string; status_reason: string | null }): Promise<boolean> =>
      (existing.status === 'active' || isDerivedReplacement(existing)) &&
      clockAfter([e.hlc, e.install], await ownStatusClock(trx, existing.id, 'active', installIds));

    // The more final own status wins; of two equally final ones (a card replaced on two tills), the later clock of that status.
    const cardWins = async (e: CardEntry, key: number, status: string): Promise<boolean> => {
      const [mine, theirs] = [STATUS_RANK[status] ?? 0, STATUS_RANK[e.status] ?? 0];
      if (theirs !== mine) return theirs > mine;
      return theirs > 0 && clockAfter([e.hlc, e.install], await ownStatusClock(trx, key, status, installIds));
    };

    const ensureSale = async (s: SaleRow): Promise<{ key: number; inserted: boolean }> => {
      const have = await factKey('sales', s.id);
      if (have !== null) return { key: have, inserted: false };
      const card = s.card === null ? null : await cardKey(s.card);
      if (s.card !== null && card === null) throw new WaitingFor(`card ${s.card} has not arrived yet`);
      const id = await insertSale({
        customer_id: s.customer === null ? null : await customerKey(s.customer),
        card_id: card,
        total: s.total,
        points: s.points,
        note: s.note,
        sold_at: s.sold_at,
        created_at: s.created_at,
        voided_at: s.voided_at,
        void_reason: s.void_reason,
        source: s.source,
        receipt_ref: s.receipt_ref,
        amount_before: s.amount_before,
        coupon_id: await offers.couponOf(s.coupon),
        points_redeemed: s.points_redeemed,
        redeemed_value: s.redeemed_value,
        origin: installKey(s.id[0]),
        origin_key: s.id[1],
      });
      facts.set('sales', s.id, id);
      return { key: id, inserted: true };
    };

    // Compiled once: a feed of purchases inserts a lot per earning row (kysely's builder per row cost more than the SQL).
    const insertLot = compileOnce(
      trx,
      trx.insertInto('point_lots').values({
        customer_id: slot('customer_id'),
        expiry_key: slot('expiry_key'),
        created_at: slot('created_at'),
        lot_id: slot('lot_id'),
        remaining: slot('remaining'),
      }),
      raw,
    );
    const insertDraw = compileOnce(
      trx,
      trx.insertInto('point_draws').values({ ledger_id: slot('ledger_id'), lot_id: slot('lot_id'), points: slot('points') }),
      raw,
    );
    const applyPoints = async (e: PointsEntry): Promise<void> => {
      if ((await factKey('points_ledger', e.id)) !== null) return;
      const sale = e.sale === null ? null : await factKey('sales', e.sale);
      if (e.sale !== null && sale === null) throw new WaitingFor(`purchase ${e.sale.join(' ')} has not arrived yet`);
      const customer = await customerKey(e.customer);
      // A lot's size before any draw: what it kept of its points (the rest paid a debt: lot_debt).
      const kept = e.lot === null ? 0 : Math.max(0, Math.min(e.lot, e.points));
      const id = await insertLedger({
        customer_id: customer,
        sale_id: sale,
        kind: e.kind,
        points: e.points,
        reason: e.reason,
        created_at: e.created_at,
        lot_debt: e.lot === null ? null : e.points - kept,
        expires_at: e.expires_at,
        origin: installKey(e.id[0]),
        origin_key: e.id[1],
      });
      facts.set('points_ledger', e.id, id);
      if (kept > 0)
        await insertLot({
          customer_id: customer,
          expiry_key: expiryKey(e.expires_at),
          created_at: e.created_at,
          lot_id: id,
          remaining: kept,
        });
      for (const [lotId, points] of e.draws) {
        const lot = await factKey('points_ledger', lotId);
        if (lot === null) throw new WaitingFor(`points lot ${lotId.join(' ')} has not arrived yet`);
        if (e.kind === 'expire') {
          // An expiry is kept on the lot it took from (0109), and counted once when two tills ran it.
          await claimExpiredLot(trx, id, e.id, lot, points);
          continue;
        }
        await insertDraw({ ledger_id: id, lot_id: lot, points });
        // Clamped: two tills drawing the same lot at once may overdraw it; max(0, r - a - b) is the same in any order.
        await takeFromLot(trx, lot, points);
      }
      report.points++;
    };

    // The writer's key is known once its `installs` entry (always first) has been read.
    const writerKeyNow = (): number => installKey(writer);
    const offers = campaignApplier({
      trx,
      installIds,
      bytes,
      installKey,
      writerKeyNow,
      customerKey,
      log,
      waiting: (m) => new WaitingFor(m),
    });
    let marks = false;
    const wait = (reason: string): never => {
      throw new WaitingFor(reason);
    };
    const known = (table: FactTable, fact: FactId): number | null | undefined => facts.get(table, fact);
    const kit: ApplyKit = { trx, customerKey, factKey, known, installKey, installIds, wait, log };
    const applySetting = settingApplier(kit);
    const applyAudit = auditApplier(kit, raw);
    const shop = { segments: 0, settings: 0 };
    const floorsOf: number[] = [];
    let clockMarks: MarksClock = {};
    for (const e of entries) {
      switch (e.t) {
        case 'installs':
          for (const i of e.list) await knowInstall(i.id, i.tag);
          await followWriterTag(trx, writer, e.list);
          await prefetchFacts();
          break;
        case 'customer':
          await applyCustomer(e);
          break;
        case 'card':
          await applyCard(e);
          break;
        case 'sale':
          if ((await ensureSale(e.sale)).inserted) report.sales++;
          break;
        case 'void': {
          const { key, inserted } = await ensureSale(e.sale);
          const row = await trx.selectFrom('sales').select('voided_at').where('id', '=', key).executeTakeFirstOrThrow();
          if (row.voided_at === null) {
            await trx
              .updateTable('sales')
              .set({ voided_at: e.sale.voided_at, void_reason: e.sale.void_reason })
              .where('id', '=', key)
              .execute();
          }
          await offers.couponOf(e.sale.coupon);
          if (inserted || row.voided_at === null) {
            await log('sale', key, 'void', e.hlc, installKey(e.install), ['voided_at', 'void_reason']);
            report.voids++;
          }
          break;
        }
        case 'points':
          await applyPoints(e);
          break;
        case 'campaign':
          await offers.applyCampaign(e);
          break;
        case 'coupon':
          await offers.applyCoupon(e);
          break;
        case 'marks':
          received = Math.max(received, e.hlc);
          marks = true;
          clockMarks = e;
          break;
        case 'merge':
          if (await applyMerge(kit, e)) report.merges++;
          break;
        case 'floor': {
          const f = await applyFloor(kit, e);
          if (f.changed) report.floors++;
          floorsOf.push(f.customer);
          break;
        }
        case 'rating':
          if (await applyRating(kit, e)) report.ratings++;
          break;
        case 'segment':
          if (await applySegment(kit, e, writerKeyNow())) shop.segments++;
          break;
        case 'setting':
          if (await applySetting(e)) shop.settings++;
          break;
        case 'audit':
          if (await applyAudit(e)) report.audit = (report.audit ?? 0) + 1;
          break;
        default:
          throw new FeedError('malformed', `an entry of an unknown kind: ${JSON.stringify((e as { t?: unknown }).t)}`);
      }
    }
    if (!marks) throw new FeedError('malformed', 'the feed has no closing marks entry');
    for (const [key, gid] of unresolved) {
      const to = await cardKey(gid);
      if (to !== null) await trx.updateTable('cards').set({ replaced_by_card_id: to }).where('id', '=', key).execute();
    }
    await settleMerges(kit);
    await eraseNotesOfErased(trx, entries);
    await settleCardsOf(trx, cardsTouched);
    await settleFloors(trx, floorsOf);
    report.duplicates = await duplicatesOf(trx, arrived);
    await offers.recount();
    await refreshForEntries(trx, entries, installIds);
    Object.assign(report, offers.counts(), shop);
    const wk = writerKeyNow();
    await log('sync', wk, 'apply', receiveHlc(head?.hlc ?? 0, received, nowMs), current, null);
    await trx
      .insertInto('sync_peers')
      .values({ install: wk, feed_seq: seq })
      .onConflict((oc) => oc.column('install').doUpdateSet({ feed_seq: seq }))
      .execute();
    await recordClock(trx, wk, installIds.get(current)!, clockMarks, nowMs);
    report.applied = true;
    return report;
  });
}
