/**
 * The "this week" follow-ups (issue 16). Each list is a segment rule, counted and listed by the
 * same compiled SQL as the segment builder, and handed to a campaign or a contacts export as a
 * saved segment (saveFollowUpSegment):
 *  - birthdays / anniversaries: month-day in the week (calendarWindows.ts);
 *  - first-time buyers: exactly one live purchase, on one of the last 7 days (today included);
 *  - regulars not back: at least regularVisits live purchases, none within the last notBackDays
 *    days but one within the last capDays days.
 * The screen reads the lists with statements of its own (readLists). The rule's numbers are a shop setting (key "followUpRule").
 */
import { readRuleSetting, writeRuleSetting } from './ruleSettings';
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
import { anniversaryInstants, anniversaryOn, birthdayMonthDays, birthdayOn, windowDates } from './calendarWindows';
import type { Ctx, Tx } from './context';
import { apiId, isoOrNull } from './keys';
import { addDays, dateOfDayNumber, localDayNumber, localDayStartIso, offsetSpans } from './localTime';
import { firstPurchaseYear, saveSegment } from './segments';
import { getSettings } from './settings';

const KEY = 'followUpRule';

export async function getFollowUpRule(tx: Tx): Promise<FollowUpRule> {
  return { ...DEFAULT_FOLLOW_UP_RULE, ...((await readRuleSetting(tx, KEY)) as Partial<FollowUpRule> | undefined) };
}

export async function setFollowUpRule(ctx: Ctx, rule: FollowUpRule): Promise<FollowUpRule> {
  await writeRuleSetting(ctx, KEY, rule);
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
  gid: Uint8Array;
  code: string;
  full_name: string;
  phone: string | null;
  consent_marketing: number;
  birthday: string | null;
  visits: number | null;
  /** ms (customer_stats). */
  first_at: number | null;
  last_at: number | null;
}

const COLUMNS = [
  'c.gid',
  'c.code',
  'c.full_name',
  'c.phone',
  'c.consent_marketing',
  'c.birthday',
  'st.visits',
  'st.first_at',
  'st.last_at',
] as const;

function person(r: Row, on: string | null = null, years: number | null = null): FollowUpPerson {
  return {
    id: apiId(r.gid),
    code: r.code,
    fullName: r.full_name,
    phone: r.phone,
    consentMarketing: r.consent_marketing === 1,
    visits: Number(r.visits ?? 0),
    firstVisit: isoOrNull(r.first_at),
    lastVisit: isoOrNull(r.last_at),
    on,
    years,
  };
}

/** By the day it falls on, then by name (the rows arrive in name order and the sort is stable). */
function byDay(list: FollowUpList, items: FollowUpPerson[]): FollowUpListResult {
  items.sort((a, b) => (a.on ?? '').localeCompare(b.on ?? ''));
  return { list, total: items.length, items: items.slice(0, FOLLOW_UP_LIST_LIMIT) };
}

/**
 * The screen reads each list in one statement shaped for it, not through the compiled rule: the
 * rule's set memberships (one subquery per condition, see segmentRules.ts) cost ~1 s for the
 * regulars at 100k customers, where one pass over customer_stats costs tens of ms. The saved
 * segment (campaigns, exports) keeps the rule; test/followups.test.ts checks both agree.
 * Exported for the query-plan test; `dates` is the week shown.
 */
export function listStatements(
  ctx: Ctx,
  p: { dates: string[]; today: string; timeZone: string; rule: FollowUpRule; firstYear: number | null },
) {
  const since = (days: number): number => Date.parse(localDayStartIso(addDays(p.today, 1 - days), p.timeZone));
  const fromStats = () =>
    ctx.db.selectFrom('customer_stats as st').innerJoin('customers as c', 'c.id', 'st.customer_id').where('c.erased_at', 'is', null);
  const ranges = (p.firstYear === null ? [] : anniversaryInstants(p.dates, p.firstYear, p.timeZone)).map((r) => ({
    from: Date.parse(r.from),
    to: Date.parse(r.to),
  }));
  return {
    // One pass over the covering index customers_segment (the month-day of a text date has no
    // index of its own); no ORDER BY, which would walk the name index and read every row instead.
    birthdays: ctx.db
      .selectFrom('customers as c')
      .where('c.erased_at', 'is', null)
      .where(sql<boolean>`substr(c.birthday, 6) IN (${sql.join(birthdayMonthDays(p.dates))})`)
      .select('c.id'),
    // A range of customer_stats_first per year of history; null when nobody bought a year ago.
    anniversaries:
      ranges.length === 0
        ? null
        : fromStats()
            .where((eb) => eb.or(ranges.map((r) => eb.and([eb('st.first_at', '>=', r.from), eb('st.first_at', '<', r.to)]))))
            .select(COLUMNS)
            .orderBy('c.search_name')
            .orderBy('c.code'),
    // One range of customer_stats_first.
    firstTime: fromStats()
      .where('st.first_at', '>=', since(FOLLOW_UP_WEEK_DAYS))
      .where('st.visits', '=', 1)
      .select(COLUMNS)
      .orderBy('st.first_at', 'desc')
      .orderBy('c.code'),
    // customer_stats alone, the erased left out by one set read once, the customers' rows read for
    // the page only (joining them for every match, 20k at 100k customers, or letting SQLite walk
    // the customers and seek customer_stats 100k times, cost 0.2–0.4 s). Select the count or the
    // page: a page sorts with a bounded heap (ORDER BY … LIMIT), a window count would sort all.
    notBack: ctx.db
      .selectFrom('customer_stats as st')
      .where('st.visits', '>=', p.rule.regularVisits)
      .where('st.last_at', '<', since(p.rule.notBackDays))
      .where('st.last_at', '>=', since(p.rule.capDays))
      .where('st.customer_id', 'not in', (eb) => eb.selectFrom('customers').select('id').where('erased_at', 'is not', null)),
  };
}

/** The customers' details with their figures, 5,000 keys a statement. */
async function rowsOf(ctx: Ctx, ids: number[]): Promise<(Row & { id: number; search_name: string })[]> {
  const out: (Row & { id: number; search_name: string })[] = [];
  for (let i = 0; i < ids.length; i += 5000) {
    out.push(
      ...(await ctx.db
        .selectFrom('customers as c')
        .leftJoin('customer_stats as st', 'st.customer_id', 'c.id')
        .where('c.id', 'in', ids.slice(i, i + 5000))
        .select([...COLUMNS, 'c.id', 'c.search_name'])
        .execute()),
    );
  }
  return out;
}

async function readLists(ctx: Ctx, week: number, rule: FollowUpRule, today: string, timeZone: string): Promise<FollowUpListResult[]> {
  const dates = windowDates(today, week * FOLLOW_UP_WEEK_DAYS, FOLLOW_UP_WEEK_DAYS);
  const q = listStatements(ctx, { dates, today, timeZone, rule, firstYear: await firstPurchaseYear(ctx, timeZone) });

  const bornIds = (await q.birthdays.execute()).map((r) => r.id);
  const born = await rowsOf(ctx, bornIds);
  born.sort((a, b) => (a.search_name < b.search_name ? -1 : a.search_name > b.search_name ? 1 : a.code < b.code ? -1 : 1));
  const birthdays = byDay(
    'birthdays',
    born.map((r) => {
      const on = birthdayOn(r.birthday!, dates);
      return person(r, on, on ? Number(on.slice(0, 4)) - Number(r.birthday!.slice(0, 4)) : null);
    }),
  );
  const firsts: Row[] = q.anniversaries ? await q.anniversaries.execute() : [];
  // Intl per row costs ~0.5 ms: the offsets of the years concerned, once, then arithmetic.
  const instants = firsts.map((r) => r.first_at!);
  const spans =
    instants.length > 0
      ? offsetSpans(
          instants.reduce((a, b) => Math.min(a, b)),
          instants.reduce((a, b) => Math.max(a, b)),
          timeZone,
        )
      : [];
  const anniversaries = byDay(
    'anniversaries',
    firsts.map((r) => {
      const a = anniversaryOn(dateOfDayNumber(localDayNumber(r.first_at!, spans)), dates);
      return person(r, a?.on ?? null, a?.years ?? null);
    }),
  );
  const newcomers: Row[] = await q.firstTime.execute();
  const firstTime: FollowUpListResult = {
    list: 'firstTime',
    total: newcomers.length,
    items: newcomers.slice(0, FOLLOW_UP_LIST_LIMIT).map((r) => person(r)),
  };
  const total = Number((await q.notBack.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const page = await q.notBack
    .select('st.customer_id as id')
    .orderBy('st.last_at', 'desc')
    .orderBy('st.customer_id')
    .limit(FOLLOW_UP_LIST_LIMIT)
    .execute();
  const pageIds = page.map((r) => r.id);
  const details = new Map((await rowsOf(ctx, pageIds)).map((r) => [r.id, r]));
  const notBack: FollowUpListResult = { list: 'notBack', total, items: page.map((r) => person(details.get(r.id)!)) };

  const all = { birthdays, anniversaries, firstTime, notBack };
  return FOLLOW_UP_LISTS.map((l) => all[l]);
}

export async function followUpWeek(ctx: Ctx, week: number): Promise<FollowUpWeek> {
  const { timeZone } = await getSettings(ctx.db);
  const today = localDate(ctx.now(), timeZone);
  const rule = await getFollowUpRule(ctx.db);
  const from = addDays(today, week * FOLLOW_UP_WEEK_DAYS);
  const lists = await readLists(ctx, week, rule, today, timeZone);
  return { today, week, from, to: addDays(from, FOLLOW_UP_WEEK_DAYS - 1), rule, lists };
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
    .select(['gid', 'name'])
    .where('deleted_at', 'is', null)
    .where('rule', '=', json)
    .orderBy('created_at')
    .executeTakeFirst();
  if (same) return { segmentId: apiId(same.gid), name: same.name, created: false };
  const taken = new Set(
    (await ctx.db.selectFrom('segments').select('name').where('deleted_at', 'is', null).execute()).map((r) => r.name.toLowerCase()),
  );
  let name = input.name;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${input.name} (${n})`;
  const saved = await saveSegment(ctx, { id: null, name, rule });
  return { segmentId: saved.id, name: saved.name, created: true };
}
