/**
 * Rule segments: live count, the member list (paged, sortable), and saved definitions that
 * re-evaluate on open (the rule is stored, never the members). Compilation: segmentRules.ts.
 */
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { RuleGroup, SavedSegment, SegmentMember, SegmentMemberSort } from '../../shared/contract/segments';
import { AppError } from '../../shared/errors';
import { RFM_SEGMENTS, type RfmSegment } from '../../shared/rfm';
import { localDate } from '../../shared/time';
import type { SegmentsTable } from '../db/schema';
import { logChange } from '../db/changeLog';
import { type Ctx, type Tx } from './context';
import { apiId, isoOrNull, newGid, storedGid } from './keys';
import { getLifecycleRule } from './lifecycle';
import { computeRfm } from './rfm';
import { compileRule, hasKind, type CustomerDb, type RuleEnv } from './segmentRules';
import { getSettings } from './settings';
import { activeTierFloors, getTierRule } from './tiers';

async function ruleEnv(ctx: Ctx, rule: RuleGroup): Promise<RuleEnv> {
  const { timeZone } = await getSettings(ctx.db);
  const today = localDate(ctx.now(), timeZone);
  const env: RuleEnv = { today, timeZone, lifecycle: await getLifecycleRule(ctx.db), rfmMembers: null };
  if (hasKind(rule, 'rfmSegment')) {
    const res = await computeRfm(ctx.db, timeZone, { asOf: today, windowFrom: null });
    const members = new Map<RfmSegment, number[]>(RFM_SEGMENTS.map((s) => [s, []]));
    res.segment.forEach((s, i) => members.get(s)!.push(res.ids[i]!));
    env.rfmMembers = members;
  }
  if (hasKind(rule, 'purchaseAnniversary')) env.firstPurchaseYear = await firstPurchaseYear(ctx, timeZone);
  if (hasKind(rule, 'tier')) {
    env.tiers = await getTierRule(ctx.db);
    env.tierFloors = await activeTierFloors(ctx.db, today);
  }
  return env;
}

/** The shop-local year of the earliest live purchase (the start of customer_stats_first), null when nobody bought. */
export async function firstPurchaseYear(ctx: Ctx, timeZone: string): Promise<number | null> {
  const first = await ctx.db
    .selectFrom('customer_stats')
    .select((eb) => eb.fn.min('first_at').as('at'))
    .executeTakeFirst();
  return first?.at ? Number(localDate(new Date(first.at), timeZone).slice(0, 4)) : null;
}

function matching(ctx: Ctx, rule: RuleGroup, env: RuleEnv): SelectQueryBuilder<CustomerDb, 'c', object> {
  return ctx.db
    .selectFrom('customers as c')
    .where('c.erased_at', 'is', null)
    .where((eb) => compileRule(eb, rule, env));
}

export async function countSegment(ctx: Ctx, rule: RuleGroup): Promise<{ count: number; total: number }> {
  const env = await ruleEnv(ctx, rule);
  const [hit, all] = await Promise.all([
    matching(ctx, rule, env)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('customers')
      .where('erased_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { count: Number(hit.n), total: Number(all.n) };
}

/** Every member's local key, in code order: a campaign's audience snapshot (services/campaigns), a contact export. */
export async function segmentMemberIds(ctx: Ctx, rule: RuleGroup): Promise<number[]> {
  const env = await ruleEnv(ctx, rule);
  const rows = await matching(ctx, rule, env).select('c.id').orderBy('c.code').execute();
  return rows.map((r) => r.id);
}

/**
 * Two steps: the page's ids in the chosen order, then their details. Sorting by a statistic
 * evaluates it per member through the covering index; sorting by name uses the name index.
 */
export async function listSegmentMembers(
  ctx: Ctx,
  input: { rule: RuleGroup; sort: SegmentMemberSort; direction: 'asc' | 'desc'; offset: number; limit: number },
): Promise<{ total: number; items: SegmentMember[] }> {
  const env = await ruleEnv(ctx, input.rule);
  const base = matching(ctx, input.rule, env);
  const dir = input.direction;
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const live = (eb: any) => eb.selectFrom('sales as s').whereRef('s.customer_id', '=', 'c.id').where('s.voided_at', 'is', null);
  const pageRows = await base
    .select('c.id')
    .$call((q) => {
      switch (input.sort) {
        case 'name':
          return q.orderBy('c.search_name', dir);
        case 'totalSpend':
          return q.orderBy((eb) => live(eb).select((e: any) => e.fn.coalesce(e.fn.sum('s.total'), sql`0`).as('v')), dir);
        case 'visits':
          return q.orderBy((eb) => live(eb).select((e: any) => e.fn.countAll().as('v')), dir);
        case 'lastVisit':
          // Never-bought customers sort last in both directions.
          return q
            .orderBy((eb) => eb.exists(live(eb).select(sql`1`.as('one'))), 'desc')
            .orderBy((eb) => live(eb).select((e: any) => e.fn.max('s.sold_at').as('v')), dir);
      }
    })
    .orderBy('c.code', 'asc')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  const ids = pageRows.map((r) => r.id);
  if (ids.length === 0) return { total: Number(totalRow.n), items: [] };

  const stats = ctx.db
    .selectFrom('sales')
    .where('customer_id', 'in', ids)
    .where('voided_at', 'is', null)
    .groupBy('customer_id')
    .select((eb) => [
      'customer_id',
      eb.fn.countAll<number>().as('visits'),
      eb.fn.sum<number>('total').as('spend'),
      eb.fn.max('sold_at').as('last'),
    ])
    .as('st');
  const rows = await ctx.db
    .selectFrom('customers as c')
    .leftJoin(stats, 'st.customer_id', 'c.id')
    .where('c.id', 'in', ids)
    .select([
      'c.id',
      'c.gid',
      'c.code',
      'c.full_name',
      'c.phone',
      'c.email',
      'c.area',
      'c.consent_marketing',
      'st.visits',
      'st.spend',
      'st.last',
    ])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: Number(totalRow.n),
    items: ids.map((id) => {
      const r = byId.get(id)!;
      return {
        id: apiId(r.gid),
        code: r.code,
        fullName: r.full_name,
        phone: r.phone,
        email: r.email,
        area: r.area,
        consentMarketing: r.consent_marketing === 1,
        visits: Number(r.visits ?? 0),
        totalSpend: Number(r.spend ?? 0),
        lastVisit: isoOrNull(r.last ?? null),
      };
    }),
  };
}

// ---------- saved segments ----------

function toSaved(r: Selectable<SegmentsTable>): SavedSegment {
  return { id: apiId(r.gid), name: r.name, rule: JSON.parse(r.rule) as RuleGroup, createdAt: r.created_at, updatedAt: r.updated_at };
}

async function liveSegment(db: Tx, id: string): Promise<Selectable<SegmentsTable>> {
  const gid = storedGid(id);
  const row = gid
    ? await db.selectFrom('segments').selectAll().where('gid', '=', gid).where('deleted_at', 'is', null).executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('NOT_FOUND', 'No saved segment with this id.', { field: 'id' });
  return row;
}

export async function saveSegment(ctx: Ctx, input: { id: string | null; name: string; rule: RuleGroup }): Promise<SavedSegment> {
  return ctx.db.transaction().execute(async (trx) => {
    const db = trx;
    const ownGid = input.id === null ? null : storedGid(input.id);
    const ownRow = input.id === null ? null : await liveSegment(db, input.id);
    // Two tills may each have saved a segment of one name before they synced (sync/segments.ts): each keeps its name when edited.
    const clash =
      ownRow?.name !== input.name &&
      (await db
        .selectFrom('segments')
        .select('id')
        .where(sql<boolean>`name = ${input.name} COLLATE NOCASE`)
        .where('deleted_at', 'is', null)
        .$if(ownGid !== null, (q) => q.where('gid', '!=', ownGid!))
        .executeTakeFirst());
    if (clash) throw new AppError('VALIDATION', `A segment named "${input.name}" already exists.`, { field: 'name' });
    const own = ownRow?.id ?? null;
    const at = ctx.now().toISOString();
    const rule = JSON.stringify(input.rule);
    let key: number;
    if (own === null) {
      key = (
        await db
          .insertInto('segments')
          .values({ gid: newGid(), name: input.name, rule, created_at: at, updated_at: at, deleted_at: null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await logChange(trx, 'segment', key, 'create', at);
    } else {
      key = own;
      await db.updateTable('segments').set({ name: input.name, rule, updated_at: at }).where('id', '=', key).execute();
      await logChange(trx, 'segment', key, 'update', at, ['name', 'rule']);
    }
    return toSaved(await db.selectFrom('segments').selectAll().where('id', '=', key).executeTakeFirstOrThrow());
  });
}

/** A saved segment's rule alone (no count): what a campaign's audience is evaluated from. */
export async function savedSegmentRule(ctx: Ctx, id: string): Promise<RuleGroup> {
  return toSaved(await liveSegment(ctx.db, id)).rule;
}

export async function getSegment(ctx: Ctx, id: string): Promise<SavedSegment & { count: number }> {
  const saved = toSaved(await liveSegment(ctx.db, id));
  return { ...saved, count: (await countSegment(ctx, saved.rule)).count };
}

export async function listSegments(ctx: Ctx, withCounts: boolean): Promise<(SavedSegment & { count: number | null })[]> {
  const rows = await ctx.db.selectFrom('segments').selectAll().where('deleted_at', 'is', null).orderBy('name').execute();
  const out: (SavedSegment & { count: number | null })[] = [];
  for (const r of rows) {
    const s = toSaved(r);
    out.push({ ...s, count: withCounts ? (await countSegment(ctx, s.rule)).count : null });
  }
  return out;
}

/** Hidden, not erased: a campaign that used the segment can still name it. */
export async function deleteSegment(ctx: Ctx, id: string): Promise<{ id: string }> {
  await ctx.db.transaction().execute(async (trx) => {
    const db = trx;
    const { id: key } = await liveSegment(db, id);
    const at = ctx.now().toISOString();
    await db.updateTable('segments').set({ deleted_at: at }).where('id', '=', key).execute();
    await logChange(trx, 'segment', key, 'delete', at, ['deleted_at']);
  });
  return { id };
}
