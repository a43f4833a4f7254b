/**
 * Ratings (feedback: 1–5 and a note) in feeds (issue 18): facts, inserted once by global id,
 * a purchase they rate named by its global id. The one later change is erasure of the note
 * (privacy): a note once blank stays blank, so it is the same in any order.
 */
import { gidBytes, gidText } from '../../shared/gid';
import { ENTITY_CODES } from '../db/entities';
import { ownTouchedKeys, type ApplyKit, type ExportRange } from './kit';
import type { RatingEntry } from './mergeEntries';
import { loggedEntriesOf } from './logClocks';

/** The ratings this install recorded or blanked since its last feed (every rating, in its first). */
export async function exportRatings(r: ExportRange): Promise<RatingEntry[]> {
  const keys = await ownTouchedKeys(r, 'feedback', (eb) => eb.or([eb('op', '=', 'create'), eb('data', 'like', '%"note"%')]));
  if (keys?.length === 0) return [];
  const rows = await r.trx
    .selectFrom('feedback as f')
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .leftJoin('sales as s', 's.id', 'f.sale_id')
    .select([
      'f.id',
      'f.gid',
      'c.gid as customer',
      's.id as sale',
      's.origin',
      's.origin_key',
      'f.rating',
      'f.note',
      'f.created_at',
      'f.recorded_by',
    ])
    .$if(keys !== undefined, (q) => q.where('f.id', 'in', keys!))
    .orderBy('f.id')
    .execute();
  const clocks = await loggedEntriesOf(r.trx, ENTITY_CODES.feedback, r.installIds, keys);
  return rows.map((f) => ({
    t: 'rating',
    gid: gidText(f.gid),
    customer: gidText(f.customer),
    sale: f.sale === null ? null : [r.installIds.get(f.origin!)!, f.origin_key ?? f.sale],
    rating: f.rating,
    note: f.note,
    created_at: f.created_at,
    recorded_by: f.recorded_by,
    clock: clocks.get(f.id)?.find((x) => x.op === 'create')?.clock ?? [0, ''],
  }));
}

/** Inserts a rating once; a note blanked elsewhere is blanked here. Returns whether anything changed. */
export async function applyRating(k: ApplyKit, e: RatingEntry): Promise<boolean> {
  const gid = Buffer.from(gidBytes(e.gid)!);
  const found = await k.trx.selectFrom('feedback').select(['id', 'note']).where('gid', '=', gid).executeTakeFirst();
  if (found) {
    if (e.note !== null || found.note === null) return false;
    await k.trx.updateTable('feedback').set({ note: null }).where('id', '=', found.id).execute();
    return true;
  }
  const sale = e.sale === null ? null : await k.factKey('sales', e.sale);
  if (e.sale !== null && sale === null) k.wait(`purchase ${e.sale.join(' ')} has not arrived yet`);
  const { id } = await k.trx
    .insertInto('feedback')
    .values({
      gid,
      customer_id: await k.customerKey(e.customer),
      sale_id: sale,
      rating: e.rating,
      note: e.note,
      created_at: e.created_at,
      recorded_by: e.recorded_by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (e.clock[0] > 0) await k.log('feedback', id, 'create', e.clock[0], k.installKey(e.clock[1]), null);
  return true;
}
