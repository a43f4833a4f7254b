/**
 * The "this week" follow-ups (issue 16). Each list is a segment rule, counted and listed by the
 * same compiled SQL as the segment builder, and handed to a campaign or a contacts export as a
 * saved segment (saveFollowUpSegment):
 *  - birthdays / anniversaries: month-day in the week (calendarWindows.ts);
 *  - first-time buyers: exactly one live purchase, on one of the last 7 days (today included);
 *  - regulars not back: at least regularVisits live purchases, none within the last notBackDays
 *    days but one within the last capDays days.
 * The rule's numbers are a shop setting (key "followUpRule").
 */
import { sql } from 'kysely';
import {
  DEFAULT_FOLLOW_UP_RULE,
  FOLLOW_UP_LIST_LIMIT,
  FOLLOW_UP_LISTS,
  FOLLOW_UP_WEEK_DAYS,
  type FollowUpList,
  type FollowUpListResult,
  type FollowUpPerson,
  type FollowUpRule,
  type FollowUpWeek,
} from '../../shared/contract/followups';
import { ruleTree, type RuleGroup } from '../../shared/contract/segments';
import { localDate } from '../../shared/time';
import { logChange } from '../db/changeLog';
import { anniversaryOn, birthdayOn, windowDates } from './calendarWindows';
import type { Ctx, Tx } from './context';
import { addDays } from './localTime';
import { compileRule, type CEB } from './segmentRules';
import { ruleEnv, saveSegment } from './segments';
import { getSettings } from './settings';

const KEY = 'followUpRule';

export async function getFollowUpRule(tx: Tx): Promise<FollowUpRule> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return { ...DEFAULT_FOLLOW_UP_RULE };
  return { ...DEFAULT_FOLLOW_UP_RULE, ...(JSON.parse(row.value) as Partial<FollowUpRule>) };
}

export async function setFollowUpRule(ctx: Ctx, rule: FollowUpRule): Promise<FollowUpRule> {
  const value = JSON.stringify(rule);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    await logChange(trx, 'settings', KEY, 'update', ctx.now().toISOString());
  });
  return getFollowUpRule(ctx.db);
}

/** The list's segment rule, in the contract's canonical form (so equal lists save as equal JSON). */
export function followUpRule(list: FollowUpList, week: number, rule: FollowUpRule): RuleGroup {
  const fromDay = week * FOLLOW_UP_WEEK_DAYS;
  const rules: RuleGroup['rules'] = (() => {
    switch (list) {
      case 'birthdays':
        return [{ kind: 'birthday', fromDay, days: FOLLOW_UP_WEEK_DAYS }];
      case 'anniversaries':
        return [{ kind: 'purchaseAnniversary', fromDay, days: FOLLOW_UP_WEEK_DAYS }];
      case 'firstTime':
        return [
          { kind: 'visits', period: { kind: 'all' }, min: 1, max: 1 },
          { kind: 'firstPurchase', op: 'withinDays', days: FOLLOW_UP_WEEK_DAYS },
        ];
      case 'notBack':
        return [
          { kind: 'visits', period: { kind: 'all' }, min: rule.regularVisits },
          { kind: 'lastPurchase', op: 'notWithinDays', days: rule.notBackDays },
          { kind: 'lastPurchase', op: 'withinDays', days: rule.capDays },
        ];
    }
  })();
  return ruleTree.parse({ kind: 'group', op: 'and', rules });
}

interface Row {
  id: string;
  code: string;
  full_name: string;
  phone: string | null;
  consent_marketing: number;
  birthday: string | null;
  visits: number | null;
  first_at: string | null;
  last_at: string | null;
}

async function listOf(ctx: Ctx, list: FollowUpList, rule: RuleGroup, dates: string[], timeZone: string): Promise<FollowUpListResult> {
  const env = await ruleEnv(ctx, rule);
  const base = ctx.db
    .selectFrom('customers as c')
    .leftJoin('customer_stats as st', 'st.customer_id', 'c.id')
    .where('c.erased_at', 'is', null)
    .where((eb) => compileRule(eb as unknown as CEB, rule, env));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const columns = [
    'c.id',
    'c.code',
    'c.full_name',
    'c.phone',
    'c.consent_marketing',
    'c.birthday',
    'st.visits',
    'st.first_at',
    'st.last_at',
  ] as const;
  const person = (r: Row, on: string | null, years: number | null): FollowUpPerson => ({
    id: r.id,
    code: r.code,
    fullName: r.full_name,
    phone: r.phone,
    consentMarketing: r.consent_marketing === 1,
    visits: Number(r.visits ?? 0),
    firstVisit: r.first_at,
    lastVisit: r.last_at,
    on,
    years,
  });
  let items: FollowUpPerson[];
  if (list === 'birthdays' || list === 'anniversaries') {
    // A week holds about 2% of the shop: read them all, order by the day they fall on.
    const rows: Row[] = await base.select(columns).orderBy('c.search_name').orderBy('c.code').execute();
    items = rows.map((r) => {
      if (list === 'birthdays') {
        const on = r.birthday ? birthdayOn(r.birthday, dates) : null;
        return person(r, on, on && r.birthday ? Number(on.slice(0, 4)) - Number(r.birthday.slice(0, 4)) : null);
      }
      const a = r.first_at ? anniversaryOn(localDate(new Date(r.first_at), timeZone), dates) : null;
      return person(r, a?.on ?? null, a?.years ?? null);
    });
    items.sort((a, b) => (a.on ?? '').localeCompare(b.on ?? ''));
    items = items.slice(0, FOLLOW_UP_LIST_LIMIT);
  } else {
    const rows: Row[] = await base
      .select(columns)
      .orderBy(list === 'firstTime' ? 'st.first_at' : 'st.last_at', 'desc')
      .orderBy('c.code')
      .limit(FOLLOW_UP_LIST_LIMIT)
      .execute();
    items = rows.map((r) => person(r, null, null));
  }
  return { list, total, items };
}

export async function followUpWeek(ctx: Ctx, week: number): Promise<FollowUpWeek> {
  const { timeZone } = await getSettings(ctx.db);
  const today = localDate(ctx.now(), timeZone);
  const rule = await getFollowUpRule(ctx.db);
  const dates = windowDates(today, week * FOLLOW_UP_WEEK_DAYS, FOLLOW_UP_WEEK_DAYS);
  const lists: FollowUpListResult[] = [];
  for (const list of FOLLOW_UP_LISTS) lists.push(await listOf(ctx, list, followUpRule(list, week, rule), dates, timeZone));
  return { today, week, from: dates[0]!, to: addDays(dates[0]!, FOLLOW_UP_WEEK_DAYS - 1), rule, lists };
}

/**
 * The list as a saved segment: an existing live segment with exactly this rule is reused (pressing
 * "start a campaign" twice makes one segment), otherwise a new one under the name asked, with
 * " (2)", " (3)"… when another segment already has that name.
 */
export async function saveFollowUpSegment(
  ctx: Ctx,
  input: { list: FollowUpList; week: number; name: string },
): Promise<{ segmentId: string; name: string; created: boolean }> {
  const rule = followUpRule(input.list, input.week, await getFollowUpRule(ctx.db));
  const json = JSON.stringify(rule);
  const same = await ctx.db
    .selectFrom('segments')
    .select(['id', 'name'])
    .where('deleted_at', 'is', null)
    .where('rule', '=', json)
    .orderBy('created_at')
    .executeTakeFirst();
  if (same) return { segmentId: same.id, name: same.name, created: false };
  const taken = new Set(
    (await ctx.db.selectFrom('segments').select('name').where('deleted_at', 'is', null).execute()).map((r) => r.name.toLowerCase()),
  );
  let name = input.name;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${input.name} (${n})`;
  const saved = await saveSegment(ctx, { id: null, name, rule });
  return { segmentId: saved.id, name: saved.name, created: true };
}

/** For tests and EXPLAIN: the SQL a list's count runs. */
export async function followUpCountSql(
  ctx: Ctx,
  list: FollowUpList,
  week: number,
): Promise<{ sql: string; parameters: readonly unknown[] }> {
  const rule = followUpRule(list, week, await getFollowUpRule(ctx.db));
  const env = await ruleEnv(ctx, rule);
  return ctx.db
    .selectFrom('customers as c')
    .where('c.erased_at', 'is', null)
    .where((eb) => compileRule(eb, rule, env))
    .select(sql<number>`count(*)`.as('n'))
    .compile();
}
