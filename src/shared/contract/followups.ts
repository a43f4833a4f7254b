/**
 * The "this week" follow-ups screen (issue 16): birthdays and first-purchase anniversaries in a
 * week of the shop's days, first-time buyers to thank, regulars who have not come back. "This
 * week" is the 7 days from today (today included); week 1 is the 7 days after those, and so on.
 * Each list is a segment rule (services/followups.ts), so a campaign or a contacts export takes
 * it as a saved segment.
 */
import { z } from 'zod';
import { out } from './schema';

export const FOLLOW_UP_LISTS = ['birthdays', 'anniversaries', 'firstTime', 'notBack'] as const;
export type FollowUpList = (typeof FOLLOW_UP_LISTS)[number];

/** Days in a follow-up week; how many people each list returns (the total is always exact). */
export const FOLLOW_UP_WEEK_DAYS = 7;
export const FOLLOW_UP_LIST_LIMIT = 500;
export const MAX_FOLLOW_UP_WEEK = 52;

export interface FollowUpRule {
  /** "Regular": at least this many live purchases, ever. */
  regularVisits: number;
  /** "Not back": no purchase within the last notBackDays days (today included)… */
  notBackDays: number;
  /** …but one within the last capDays days, so people gone for years do not fill the list. */
  capDays: number;
}
export const DEFAULT_FOLLOW_UP_RULE: FollowUpRule = { regularVisits: 3, notBackDays: 45, capDays: 365 };

const days = z.number().int().min(1).max(36_500);
export const followUpRuleInput = z
  .object({ regularVisits: z.number().int().min(1).max(100_000), notBackDays: days, capDays: days })
  .refine((r) => r.notBackDays < r.capDays, {
    message: 'the limit must be longer than the days away',
    path: ['capDays'],
    params: { reason: 'cap_after_days' },
  });

export interface FollowUpPerson {
  id: string;
  code: string;
  fullName: string;
  phone: string | null;
  consentMarketing: boolean;
  /** All-time live purchases. */
  visits: number;
  firstVisit: string | null;
  lastVisit: string | null;
  /** Birthdays and anniversaries: the day of the week shown on which it falls. */
  on: string | null;
  /** Birthdays: the age reached that day (null when the birth year is unknown); anniversaries: the years since the first purchase. */
  years: number | null;
}

export interface FollowUpListResult {
  list: FollowUpList;
  total: number;
  /** At most FOLLOW_UP_LIST_LIMIT: birthdays and anniversaries by day then name, first-time buyers newest first, regulars by last visit, most recent first. */
  items: FollowUpPerson[];
}

export interface FollowUpWeek {
  today: string;
  week: number;
  /** The week's first and last day (birthdays and anniversaries). */
  from: string;
  to: string;
  rule: FollowUpRule;
  lists: FollowUpListResult[];
}

const week = z.number().int().min(0).max(MAX_FOLLOW_UP_WEEK).default(0);

export const followupsContract = {
  'followups.week': {
    input: z
      .object({ week })
      .optional()
      .transform((v) => v ?? { week: 0 }),
    output: out<FollowUpWeek>(),
  },
  'followups.getRule': { input: z.object({}).optional(), output: out<FollowUpRule>() },
  'followups.setRule': { input: followUpRuleInput, output: out<FollowUpRule>() },
  /** The list as a saved segment (the one with the same rule if there is one, else a new one under `name`): what a campaign or an export takes. */
  'followups.segment': {
    input: z.object({
      list: z.enum(FOLLOW_UP_LISTS),
      week,
      name: z
        .string()
        .max(100)
        .transform((s) => s.trim().replace(/\s+/g, ' '))
        .refine((s) => s.length > 0, { message: 'name is required' }),
    }),
    output: out<{ segmentId: string; name: string; created: boolean }>(),
  },
} as const;
