/**
 * Saved segments in feeds (issue 18). A segment travels whole with each field's clock and the
 * fields last writer wins each, as campaigns (sync/campaigns.ts): the change log is the per-field
 * clock (a create names every field, an edit names name and rule and sets updated_at with them, a
 * delete names deleted_at). A delete on one till and an edit on another both stay: the segment ends
 * hidden with the edited rule. Two tills saving one name before they synced keep both segments
 * (migration 0108 lets two live segments share a name; a till still refuses it when saving).
 * A campaign's audience names its segment by global id, so it resolves once the segment is here.
 */
import { z } from 'zod';
import { gidBytes, gidText } from '../../shared/gid';
import type { Tx } from '../services/context';
import type { Clock } from './entries';
import { clockAfter, fieldClocks, NO_CLOCK } from './logClocks';
import { ownTouchedKeys, zClock, zUuid, type ApplyKit, type ExportRange } from './kit';

export const SEGMENT_FIELDS = ['name', 'rule', 'updated_at', 'deleted_at'] as const;
export type SegmentField = (typeof SEGMENT_FIELDS)[number];

export interface SegmentEntry {
  t: 'segment';
  gid: string;
  created_at: string;
  fields: Record<SegmentField, [value: string | null, clock: Clock]>;
}

const text = z.string();
const jsonObject = text.refine((s) => {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}, 'expected a rule as JSON');

export const segmentEntrySchema = z.object({
  t: z.literal('segment'),
  gid: zUuid,
  created_at: text,
  fields: z.object({
    name: z.tuple([text.min(1), zClock]),
    rule: z.tuple([jsonObject, zClock]),
    updated_at: z.tuple([text, zClock]),
    deleted_at: z.tuple([text.nullable(), zClock]),
  }),
});

/** An edit sets updated_at with the name and rule without naming it; a delete names only deleted_at. */
const touchedBySegmentEntry = (named: readonly string[]): readonly string[] =>
  named.some((f) => f === 'name' || f === 'rule') ? [...named, 'updated_at'] : named;

/** Each segment field's clock, from the change log (partial index change_log_segment, 0108). */
export const segmentClocks = (trx: Tx, key: number, installIds: ReadonlyMap<number, string>): Promise<Record<SegmentField, Clock>> =>
  fieldClocks(trx, 'segment', key, SEGMENT_FIELDS, installIds, touchedBySegmentEntry);

/** The segments this install's own entries touched since its last feed (the first feed: all). */
export async function exportSegments(r: ExportRange): Promise<SegmentEntry[]> {
  const keys = await ownTouchedKeys(r, 'segment');
  if (keys?.length === 0) return [];
  const rows = await r.trx
    .selectFrom('segments')
    .selectAll()
    .$if(keys !== undefined, (q) => q.where('id', 'in', keys!))
    .orderBy('id')
    .execute();
  const out: SegmentEntry[] = [];
  for (const row of rows) {
    const clocks = await segmentClocks(r.trx, row.id, r.installIds);
    out.push({
      t: 'segment',
      gid: gidText(row.gid),
      created_at: row.created_at,
      fields: Object.fromEntries(SEGMENT_FIELDS.map((f) => [f, [row[f], clocks[f]]])) as SegmentEntry['fields'],
    });
  }
  return out;
}

/** Inserts a segment new here, or takes each field whose clock is later; logged under the writer's clocks. True when anything changed. */
export async function applySegment(kit: ApplyKit, e: SegmentEntry, writerKey: number): Promise<boolean> {
  const { trx } = kit;
  const gid = gidBytes(e.gid)!; // the schema checked it
  const found = await trx.selectFrom('segments').select('id').where('gid', '=', gid).executeTakeFirst();
  let key: number;
  let local: Partial<Record<SegmentField, Clock>> = {};
  if (found) {
    key = found.id;
    local = await segmentClocks(trx, key, kit.installIds);
  } else {
    const f = e.fields;
    key = (
      await trx
        .insertInto('segments')
        .values({
          gid,
          name: f.name[0]!,
          rule: f.rule[0]!,
          created_at: e.created_at,
          updated_at: f.updated_at[0]!,
          deleted_at: f.deleted_at[0],
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  const set: Record<string, string | null> = {};
  const groups = new Map<string, { clock: Clock; fields: string[] }>();
  for (const f of SEGMENT_FIELDS) {
    const [value, clock] = e.fields[f];
    if (found && !clockAfter(clock, local[f] ?? NO_CLOCK)) continue;
    if (found) set[f] = value;
    if (clock[0] === 0) continue;
    const g = groups.get(`${clock[0]} ${clock[1]}`) ?? { clock, fields: [] };
    g.fields.push(f);
    groups.set(`${clock[0]} ${clock[1]}`, g);
  }
  if (Object.keys(set).length) await trx.updateTable('segments').set(set).where('id', '=', key).execute();
  const origin = (install: string): number => (install === '' ? writerKey : kit.installKey(install));
  for (const g of groups.values()) await kit.log('segment', key, found ? 'update' : 'create', g.clock[0], origin(g.clock[1]), g.fields);
  // A segment older than the change log has no clocks: its arrival is still logged, for the caches that follow the log.
  if (!found && groups.size === 0) await kit.log('segment', key, 'create', 0, writerKey, null);
  return !found || Object.keys(set).length > 0;
}
