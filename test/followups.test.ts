import { describe, expect, it } from 'vitest';
import type { FollowUpList, FollowUpWeek } from '../src/shared/contract/followups';
import { followUpRule, listStatements } from '../src/main/services/followups';
import { windowDates } from '../src/main/services/calendarWindows';
import { openShop, type TestShop } from './helpers';
import { addCustomer, addSale, daysBefore, local } from './segmentFixtures';

/** Today in the test shop (UTC+7) at 10:00 local. */
const at = (date: string): string => local(date, '10:00');

const list = (w: FollowUpWeek, name: FollowUpList) => w.lists.find((l) => l.list === name)!;
const names = (w: FollowUpWeek, name: FollowUpList) => list(w, name).items.map((p) => p.fullName);
const shown = (w: FollowUpWeek, name: FollowUpList) => list(w, name).items.map((p) => [p.fullName, p.on, p.years]);

async function shopOn(date: string): Promise<TestShop> {
  return openShop({ now: at(date) });
}

/**
 * The screen reads each list with a statement of its own; campaigns and exports take the list's
 * segment rule. Both must find the same people.
 */
async function weekAgreeing(shop: TestShop, week = 0): Promise<FollowUpWeek> {
  const w = await shop.call('followups.week', { week });
  for (const l of w.lists) {
    const members = await shop.call('segments.members', { rule: followUpRule(l.list, week, w.rule), limit: 500 });
    expect(members.items.map((m) => m.id).sort(), l.list).toEqual(l.items.map((p) => p.id).sort());
    expect(members.total, l.list).toBe(l.total);
  }
  return w;
}

describe('follow-ups: birthdays', () => {
  it('takes the 7 days from today across New Year, and the next week after them', async () => {
    const shop = await shopOn('2026-12-29');
    await addCustomer(shop, 'C1', { full_name: 'Today', birthday: '1990-12-29' });
    await addCustomer(shop, 'C2', { full_name: 'January 4', birthday: '1985-01-04' });
    await addCustomer(shop, 'C3', { full_name: 'January 5', birthday: '1990-01-05' });
    await addCustomer(shop, 'C4', { full_name: 'Yesterday', birthday: '1990-12-28' });
    await addCustomer(shop, 'C5', { full_name: 'Erased', birthday: '1990-12-30', erased_at: '2026-01-01T00:00:00.000Z' });
    await addCustomer(shop, 'C6', { full_name: 'No birthday' });

    const w = await weekAgreeing(shop);
    expect([w.today, w.from, w.to]).toEqual(['2026-12-29', '2026-12-29', '2027-01-04']);
    expect(shown(w, 'birthdays')).toEqual([
      ['Today', '2026-12-29', 36],
      ['January 4', '2027-01-04', 42],
    ]);
    expect(list(w, 'birthdays').total).toBe(2);

    const next = await weekAgreeing(shop, 1);
    expect([next.from, next.to]).toEqual(['2027-01-05', '2027-01-11']);
    expect(shown(next, 'birthdays')).toEqual([['January 5', '2027-01-05', 37]]);
  });

  it('shows 29 February on 28 February in other years, and on the 29th in leap years', async () => {
    const shop = await shopOn('2027-02-22');
    await addCustomer(shop, 'C1', { full_name: 'Leapling', birthday: '2000-02-29' });
    await addCustomer(shop, 'C2', { full_name: 'March 1', birthday: '2000-03-01' });
    // 2027 is not a leap year: the week 22–28 Feb holds the leapling's day.
    expect(shown(await weekAgreeing(shop), 'birthdays')).toEqual([['Leapling', '2027-02-28', 27]]);
    expect(shown(await shop.call('followups.week', { week: 1 }), 'birthdays')).toEqual([['March 1', '2027-03-01', 27]]);

    // 2028 is: 22–28 Feb does not hold it, the next week does, on the 29th.
    shop.clock.now = new Date(at('2028-02-22'));
    expect(names(await shop.call('followups.week', {}), 'birthdays')).toEqual([]);
    expect(shown(await weekAgreeing(shop, 1), 'birthdays')).toEqual([
      ['Leapling', '2028-02-29', 28],
      ['March 1', '2028-03-01', 28],
    ]);
  });

  it('counts days in the shop’s time zone', async () => {
    // 2026-12-28 20:00 UTC is already the 29th in Vietnam (UTC+7) but still the 28th in London.
    const shop = await openShop({ now: '2026-12-28T20:00:00Z' });
    await addCustomer(shop, 'C1', { full_name: 'Dec 28', birthday: '1990-12-28' });
    await addCustomer(shop, 'C2', { full_name: 'Jan 4', birthday: '1990-01-04' });
    expect(names(await shop.call('followups.week', {}), 'birthdays')).toEqual(['Jan 4']);
    await shop.call('settings.update', { ...(await shop.call('settings.get', {})), timeZone: 'Europe/London' });
    const w = await shop.call('followups.week', {});
    expect(w.today).toBe('2026-12-28');
    expect(names(w, 'birthdays')).toEqual(['Dec 28']);
  });
});

describe('follow-ups: first-purchase anniversaries', () => {
  it('lists first purchases a year or more ago whose shop-local day falls in the week, with the years', async () => {
    const shop = await shopOn('2026-12-29');
    const make = async (code: string, name: string, soldAt: string) => {
      const id = await addCustomer(shop, code, { full_name: name });
      await addSale(shop, id, soldAt, 10_000);
      return id;
    };
    await make('C1', 'Six years', local('2020-12-30'));
    const later = await make('C2', 'Over New Year', local('2024-01-02'));
    await addSale(shop, later, local('2025-06-01'), 10_000); // later purchases do not move the anniversary
    await make('C3', 'This year', local('2026-12-30', '08:00')); // less than a year: not an anniversary (it is tomorrow)
    // 2025-12-28 17:30 UTC is 2025-12-29 00:30 in Vietnam: first purchase on the 29th.
    await make('C4', 'After midnight', '2025-12-28T17:30:00.000Z');
    // 2025-12-28 16:59 UTC is 23:59 on the 28th: yesterday's anniversary, not this week's.
    await make('C5', 'Before midnight', '2025-12-28T16:59:00.000Z');
    const voided = await addCustomer(shop, 'C6', { full_name: 'Voided first' });
    await addSale(shop, voided, local('2023-12-31'), 10_000, { voided: true });
    await addSale(shop, voided, local('2024-03-01'), 10_000);

    const w = await weekAgreeing(shop);
    expect(shown(w, 'anniversaries')).toEqual([
      ['After midnight', '2026-12-29', 1],
      ['Six years', '2026-12-30', 6],
      ['Over New Year', '2027-01-02', 3],
    ]);
    expect(list(w, 'anniversaries').total).toBe(3);

    // In Taipei (UTC+8) 16:59 UTC on the 28th is 00:59 on the 29th: now the other one is this week's.
    await shop.call('settings.update', { ...(await shop.call('settings.get', {})), timeZone: 'Asia/Taipei' });
    const tpe = await weekAgreeing(shop);
    expect(names(tpe, 'anniversaries')).toEqual(['After midnight', 'Before midnight', 'Six years', 'Over New Year']);
  });

  it('takes the shop days across a daylight-saving change', async () => {
    // New York: clocks went forward on 2025-03-09 (UTC−5 before, UTC−4 after) and on 2026-03-08.
    const shop = await openShop({ now: '2026-03-09T15:00:00Z', settings: { timeZone: 'America/New_York' } });
    const make = async (code: string, name: string, soldAt: string) =>
      addSale(shop, await addCustomer(shop, code, { full_name: name }), soldAt, 10_000);
    await make('C1', 'Night of the 8th', '2025-03-09T04:30:00.000Z'); // 23:30 EST on the 8th
    await make('C2', 'Early on the 9th', '2025-03-09T05:30:00.000Z'); // 00:30 EST on the 9th
    await make('C3', 'Summer time, 15th', '2025-03-16T03:30:00.000Z'); // 23:30 EDT on the 15th
    await make('C4', 'Summer time, 16th', '2025-03-16T04:30:00.000Z'); // 00:30 EDT on the 16th
    const w = await weekAgreeing(shop);
    expect([w.from, w.to]).toEqual(['2026-03-09', '2026-03-15']);
    expect(shown(w, 'anniversaries')).toEqual([
      ['Early on the 9th', '2026-03-09', 1],
      ['Summer time, 15th', '2026-03-15', 1],
    ]);
  });

  it('keeps a first purchase on 29 February on 28 February in other years', async () => {
    const shop = await shopOn('2027-02-24');
    const id = await addCustomer(shop, 'C1', { full_name: 'Leap day buyer' });
    await addSale(shop, id, local('2024-02-29'), 10_000);
    expect(shown(await shop.call('followups.week', {}), 'anniversaries')).toEqual([['Leap day buyer', '2027-02-28', 3]]);
    shop.clock.now = new Date(at('2028-02-24'));
    expect(names(await shop.call('followups.week', {}), 'anniversaries')).toEqual(['Leap day buyer']);
    expect(shown(await weekAgreeing(shop), 'anniversaries')).toEqual([['Leap day buyer', '2028-02-29', 4]]);
  });
});

describe('follow-ups: first-time buyers and regulars not back', () => {
  it('finds exactly one live purchase in the last 7 days, today included', async () => {
    const today = '2026-11-25';
    const shop = await shopOn(today);
    const one = async (code: string, name: string, ...dates: string[]) => {
      const id = await addCustomer(shop, code, { full_name: name });
      for (const d of dates) await addSale(shop, id, local(d), 10_000);
      return id;
    };
    await one('C1', 'Six days ago', daysBefore(today, 6));
    await one('C2', 'Seven days ago', daysBefore(today, 7));
    await one('C3', 'Twice', daysBefore(today, 3), daysBefore(today, 2));
    const v = await one('C4', 'One live and one voided', daysBefore(today, 1));
    await addSale(shop, v, local(daysBefore(today, 20)), 5_000, { voided: true });
    await one('C5', 'Today', today);
    const w = await weekAgreeing(shop);
    expect(names(w, 'firstTime')).toEqual(['Today', 'One live and one voided', 'Six days ago']);
    // Not a week-of-the-calendar list: the next week shows the same people.
    expect(names(await shop.call('followups.week', { week: 1 }), 'firstTime')).toEqual(names(w, 'firstTime'));
  });

  it('finds regulars away for the days the owner set, within the cap', async () => {
    const today = '2026-11-25';
    const shop = await shopOn(today);
    const regular = async (code: string, name: string, lastDaysAgo: number, visits = 3) => {
      const id = await addCustomer(shop, code, { full_name: name });
      for (let i = visits - 1; i >= 0; i--) await addSale(shop, id, local(daysBefore(today, lastDaysAgo + i * 30)), 10_000);
    };
    await regular('C1', 'Away 45 days', 45);
    await regular('C2', 'Away 44 days', 44);
    await regular('C3', 'Two visits', 60, 2);
    await regular('C4', 'Away 100 days', 100);
    await regular('C5', 'Gone 400 days', 400);
    const w = await weekAgreeing(shop);
    expect(w.rule).toEqual({ regularVisits: 3, notBackDays: 45, capDays: 365 });
    expect(names(w, 'notBack')).toEqual(['Away 45 days', 'Away 100 days']);

    await shop.call('followups.setRule', { regularVisits: 2, notBackDays: 60, capDays: 500 });
    expect(names(await weekAgreeing(shop), 'notBack')).toEqual(['Two visits', 'Away 100 days', 'Gone 400 days']);

    const bad = await shop.fail('followups.setRule', { regularVisits: 2, notBackDays: 60, capDays: 60 });
    expect(bad).toMatchObject({ code: 'VALIDATION', field: 'capDays' });
    expect(await shop.call('followups.getRule', {})).toEqual({ regularVisits: 2, notBackDays: 60, capDays: 500 });
    expect((await shop.fail('followups.week', { week: 53 })).field).toBe('week');
  });
});

describe('follow-ups: a list as a campaign audience and an export', () => {
  it('saves the list as one segment that the campaign count and the contacts export take', async () => {
    const shop = await shopOn('2026-12-29');
    await addCustomer(shop, 'C1', { full_name: 'Today', birthday: '1990-12-29', consent_marketing: 1 });
    await addCustomer(shop, 'C2', { full_name: 'No consent', birthday: '1991-12-30' });
    await addCustomer(shop, 'C3', { full_name: 'Not this week', birthday: '1991-06-30', consent_marketing: 1 });
    await shop.call('segments.save', { name: 'Birthdays this week', rule: { kind: 'group', op: 'and', rules: [] } });

    const s = await shop.call('followups.segment', { list: 'birthdays', week: 0, name: 'Birthdays this week' });
    expect(s).toMatchObject({ name: 'Birthdays this week (2)', created: true });
    const again = await shop.call('followups.segment', { list: 'birthdays', week: 0, name: 'Another name' });
    expect(again).toEqual({ ...s, created: false });
    expect((await shop.call('segments.get', { id: s.segmentId })).count).toBe(2);

    expect(await shop.call('campaigns.audienceCount', { audience: { kind: 'segment', segmentId: s.segmentId } })).toEqual({ count: 2 });
    expect(
      await shop.call('exports.contactsCount', { selection: { kind: 'segment', segmentId: s.segmentId }, includeWithoutConsent: false }),
    ).toEqual({ count: 1, withoutConsent: 1 });

    const week1 = await shop.call('followups.segment', { list: 'birthdays', week: 1, name: 'Birthdays next week' });
    expect(week1.segmentId).not.toBe(s.segmentId);
    expect((await shop.fail('followups.segment', { list: 'nobody', week: 0, name: 'x' })).field).toBe('list');
    expect((await shop.fail('followups.segment', { list: 'birthdays', week: 0, name: '  ' })).field).toBe('name');
  });

  it('accepts the new rule kinds in the segment builder and refuses bad windows', async () => {
    const shop = await shopOn('2026-12-29');
    await addCustomer(shop, 'C1', { full_name: 'Today', birthday: '1990-12-29' });
    const rule = { kind: 'group' as const, op: 'and' as const, rules: [{ kind: 'birthday' as const, fromDay: 0, days: 1 }] };
    expect((await shop.call('segments.count', { rule })).count).toBe(1);
    const bad = await shop.fail('segments.count', { rule: { ...rule, rules: [{ kind: 'birthday', fromDay: 0, days: 0 }] } });
    expect(bad).toMatchObject({ code: 'VALIDATION', field: 'rule.rules.0.days' });
  });
});

describe('follow-ups: query plans', () => {
  it('reads anniversaries and first-time buyers by ranges of the first-purchase index, the regulars in one pass', async () => {
    const shop = await shopOn('2026-12-29');
    const id = await addCustomer(shop, 'C1');
    await addSale(shop, id, local('2019-05-01'), 10_000);
    const sqlite = shop.backend.database.sqlite;
    const q = listStatements(shop.backend.ctx, {
      dates: windowDates('2026-12-29', 0, 7),
      today: '2026-12-29',
      timeZone: 'Asia/Ho_Chi_Minh',
      rule: { regularVisits: 3, notBackDays: 45, capDays: 365 },
      firstYear: 2019,
    });
    const plan = (b: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      const c = b.compile();
      return (sqlite.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.parameters) as { detail: string }[]).map((r) => r.detail).join(' | ');
    };
    const anniversaries = plan(q.anniversaries!);
    expect(anniversaries).toMatch(/MULTI-INDEX OR/);
    expect(anniversaries).toMatch(/SEARCH st USING INDEX customer_stats_first \(first_at>\? AND first_at<\?\)/);
    expect(anniversaries).toMatch(/SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan(q.firstTime)).toMatch(/SEARCH st USING INDEX customer_stats_first \(first_at>\?\)/);
    const notBack = plan(q.notBack.select('st.customer_id').orderBy('st.last_at', 'desc').limit(500));
    // One pass over customer_stats alone; the customers only as the set of the erased, read once.
    expect(notBack).toMatch(/^SCAN st\b/);
    expect(notBack).toMatch(/LIST SUBQUERY/);
    expect(notBack).not.toMatch(/SEARCH c\b|CORRELATED/);
    // Birthdays: the covering index, never the table rows in name order.
    expect(plan(q.birthdays)).toMatch(/^SCAN c USING COVERING INDEX customers_segment$/);
  });
});
