/**
 * RFM, rule segments (the builder's rule tree), saved segments and lifecycle groups.
 * The rule tree is data (stored as JSON for saved segments) and compiled to parameterised SQL
 * by the backend; this schema is its only gate.
 */
import { z } from 'zod';
import { GENDERS } from '../domain';
import { RFM_SEGMENTS, type RfmMethod, type RfmSegment } from '../rfm';
import { datePeriod, id, isoDate, out } from './schema';

// ---------- RFM ----------

export interface RfmEdges {
  recency: number[];
  frequency: number[];
  monetary: number[];
}
export interface RfmMethods {
  recency: RfmMethod;
  frequency: RfmMethod;
  monetary: RfmMethod;
}
export interface RfmSegmentStats {
  segment: RfmSegment;
  size: number;
  /** Total spend of the segment's members in the window (minor units). */
  revenue: number;
  /** revenue / all customers' revenue in the window, 0–1. */
  revenueShare: number;
  meanRecencyDays: number;
  meanFrequency: number;
  meanMonetary: number;
  meanScores: { r: number; f: number; m: number };
}
export interface RfmSummary {
  asOf: string;
  windowFrom: string | null;
  /** Customers who bought in the window (the population scored). */
  customers: number;
  revenue: number;
  /** Always all ten segments, in RFM_SEGMENTS order (size 0 included). */
  segments: RfmSegmentStats[];
  /** grid[r-1][f-1] = customers with that R and F score (a heat map). */
  grid: number[][];
  methods: RfmMethods;
  edges: RfmEdges;
}
/** One scored customer's values, scores and segment. */
export interface RfmScored {
  recencyDays: number;
  frequency: number;
  monetary: number;
  lastPurchaseAt: string;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}
export interface RfmCustomer extends RfmScored {
  asOf: string;
  windowFrom: string | null;
  customerId: string;
  methods: RfmMethods;
  edges: RfmEdges;
  /** Size of the scored population. */
  customers: number;
}
export interface RfmMember extends RfmScored {
  id: string;
  code: string;
  fullName: string;
}
export const RFM_MEMBER_SORTS = ['monetary', 'frequency', 'recency', 'name'] as const;
export type RfmMemberSort = (typeof RFM_MEMBER_SORTS)[number];

const rfmWindow = {
  /** Default: today in the shop's time zone. */
  asOf: isoDate.optional(),
  /** Default: all history. */
  windowFrom: isoDate.nullish().transform((v) => v ?? null),
};
const windowOk = (v: { asOf?: string; windowFrom: string | null }): boolean => !v.asOf || !v.windowFrom || v.windowFrom <= v.asOf;
const windowMsg = { message: 'the window must start on or before the as-of date', path: ['windowFrom'] };

const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

// ---------- rule tree ----------

export const RULE_GENDERS = [...GENDERS, 'unknown'] as const;
export const LIFECYCLE_GROUPS = ['new', 'returning', 'loyal', 'lapsed', 'never_bought'] as const;
export type LifecycleGroup = (typeof LIFECYCLE_GROUPS)[number];

export type Period = { kind: 'all' } | { kind: 'lastDays'; days: number } | { kind: 'between'; from: string; to: string };
export type RuleCondition =
  | { kind: 'age'; min?: number | null; max?: number | null }
  | { kind: 'gender'; in: (typeof RULE_GENDERS)[number][] }
  | { kind: 'area'; in: string[] }
  | { kind: 'visits'; period: Period; min?: number | null; max?: number | null }
  | { kind: 'spend'; period: Period; min?: number | null; max?: number | null }
  /** before/after a date (that day excluded), or within / not within the last N days (today included). */
  | {
      kind: 'firstPurchase' | 'lastPurchase';
      op: 'before' | 'after' | 'withinDays' | 'notWithinDays';
      date?: string | null;
      days?: number | null;
    }
  | { kind: 'points'; min?: number | null; max?: number | null }
  | { kind: 'rfmSegment'; in: RfmSegment[] }
  | { kind: 'lifecycle'; in: LifecycleGroup[] }
  /** Tier names (see contract/tiers.ts), or NO_TIER ('none') for below the first tier. */
  | { kind: 'tier'; in: string[] }
  | { kind: 'tags'; op: 'any' | 'all' | 'none'; tags: string[] }
  | { kind: 'consent'; marketing: boolean }
  /** Rated the shop at most 2 (of 5) on one of the last N days, today included (issue 16). */
  | { kind: 'unhappy'; days: number }
  /**
   * The birthday's / the first purchase's month and day falls on one of the shop's days
   * today + fromDay … today + fromDay + days − 1 (29 Feb counts on 28 Feb in other years; an
   * anniversary is at least one year after the first purchase). Follow-ups (issue 16).
   */
  | { kind: 'birthday' | 'purchaseAnniversary'; fromDay: number; days: number }
  /** The staff member responsible for the customer (issue 19); RESPONSIBLE_NONE: nobody. */
  | { kind: 'responsible'; in: string[] };

/** In a 'responsible' condition: customers with nobody responsible. */
export const RESPONSIBLE_NONE = 'none';
export interface RuleGroup {
  kind: 'group';
  op: 'and' | 'or';
  rules: Rule[];
}
export type Rule = RuleGroup | RuleCondition;

const count = z.number().int().min(0).max(1_000_000_000_000);
const range = { min: count.nullish(), max: count.nullish() };
const rangeOk = (v: { min?: number | null; max?: number | null }): boolean =>
  (v.min ?? null) !== null || (v.max ?? null) !== null ? (v.min ?? 0) <= (v.max ?? Number.MAX_SAFE_INTEGER) : false;
const rangeMsg = { message: 'give a minimum, a maximum or both (minimum ≤ maximum)' };
const days = z.number().int().min(1).max(36_500);

const period = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('lastDays'), days }),
  datePeriod({ kind: z.literal('between') }),
]);
const nonEmpty = <T extends z.ZodType>(t: T) => z.array(t).min(1, { message: 'pick at least one value' }).max(200);

const purchase = (kind: 'firstPurchase' | 'lastPurchase') =>
  z
    .object({
      kind: z.literal(kind),
      op: z.enum(['before', 'after', 'withinDays', 'notWithinDays']),
      date: isoDate.nullish(),
      days: days.nullish(),
    })
    .refine((v) => (v.op === 'before' || v.op === 'after' ? v.date != null : v.days != null), {
      message: 'before/after need a date; withinDays/notWithinDays need a number of days',
    });

/** Days from today: a window of up to a year, starting within the coming year. */
const dayWindow = (kind: 'birthday' | 'purchaseAnniversary') =>
  z.object({ kind: z.literal(kind), fromDay: z.number().int().min(0).max(366), days: z.number().int().min(1).max(366) });

const condition = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('age'), min: z.number().int().min(0).max(150).nullish(), max: z.number().int().min(0).max(150).nullish() })
    .refine(rangeOk, rangeMsg),
  z.object({ kind: z.literal('gender'), in: nonEmpty(z.enum(RULE_GENDERS)) }),
  z.object({ kind: z.literal('area'), in: nonEmpty(z.string().trim().min(1).max(120)) }),
  z.object({ kind: z.literal('visits'), period, ...range }).refine(rangeOk, rangeMsg),
  z.object({ kind: z.literal('spend'), period, ...range }).refine(rangeOk, rangeMsg),
  purchase('firstPurchase'),
  purchase('lastPurchase'),
  z
    .object({ kind: z.literal('points'), min: z.number().int().nullish(), max: z.number().int().nullish() })
    .refine((v) => (v.min ?? null) !== null || (v.max ?? null) !== null, rangeMsg)
    .refine((v) => v.min == null || v.max == null || v.min <= v.max, rangeMsg),
  z.object({ kind: z.literal('rfmSegment'), in: nonEmpty(z.enum(RFM_SEGMENTS)) }),
  z.object({ kind: z.literal('lifecycle'), in: nonEmpty(z.enum(LIFECYCLE_GROUPS)) }),
  z.object({ kind: z.literal('tier'), in: nonEmpty(z.string().trim().min(1).max(40)) }),
  z.object({ kind: z.literal('tags'), op: z.enum(['any', 'all', 'none']), tags: nonEmpty(z.string().trim().min(1).max(40)) }),
  z.object({ kind: z.literal('consent'), marketing: z.boolean() }),
  z.object({ kind: z.literal('unhappy'), days }),
  dayWindow('birthday'),
  dayWindow('purchaseAnniversary'),
  z.object({ kind: z.literal('responsible'), in: nonEmpty(z.string().min(1).max(64)) }),
]);

export const MAX_RULE_DEPTH = 4;
export const MAX_RULE_CONDITIONS = 50;

const ruleGroupShape: z.ZodType<RuleGroup> = z.lazy(() =>
  z.object({
    kind: z.literal('group'),
    op: z.enum(['and', 'or']),
    rules: z.array(z.union([ruleGroupShape, condition])).max(MAX_RULE_CONDITIONS),
  }),
) as unknown as z.ZodType<RuleGroup>;

function measure(rule: Rule, depth = 1): { depth: number; conditions: number } {
  if (rule.kind !== 'group') return { depth, conditions: 1 };
  return rule.rules
    .map((r) => measure(r, depth + 1))
    .reduce((a, b) => ({ depth: Math.max(a.depth, b.depth), conditions: a.conditions + b.conditions }), { depth, conditions: 0 });
}

/** Groups and conditions together; with the depth limit it bounds the work a rule can ask for. */
export const MAX_RULE_NODES = 2 * MAX_RULE_CONDITIONS;

/**
 * Sizes up the raw input before the recursive schema sees it, without recursing itself: a rule
 * nested a thousand groups deep would overflow the stack of any recursive parser or compiler.
 * Stops at the first excess, so a huge input costs no more than a small one.
 */
function rawRuleExcess(raw: unknown): string | null {
  const stack: { node: unknown; depth: number }[] = [{ node: raw, depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (++nodes > MAX_RULE_NODES) return `a segment may have at most ${MAX_RULE_NODES} groups and conditions`;
    if (typeof node !== 'object' || node === null || (node as { kind?: unknown }).kind !== 'group') continue;
    if (depth > MAX_RULE_DEPTH) return `groups may nest at most ${MAX_RULE_DEPTH} deep`;
    const rules = (node as { rules?: unknown }).rules;
    if (!Array.isArray(rules)) continue;
    if (rules.length > MAX_RULE_NODES) return `a segment may have at most ${MAX_RULE_NODES} groups and conditions`;
    for (const r of rules) stack.push({ node: r, depth: depth + 1 });
  }
  return null;
}

const ruleSizeGate = z.unknown().superRefine((raw, ctx) => {
  const excess = rawRuleExcess(raw);
  if (excess) ctx.addIssue({ code: 'custom', message: excess });
});

const checkedRuleTree = ruleGroupShape.superRefine((g, ctx) => {
  const m = measure(g);
  if (m.depth > MAX_RULE_DEPTH) ctx.addIssue({ code: 'custom', message: `groups may nest at most ${MAX_RULE_DEPTH} deep` });
  if (m.conditions > MAX_RULE_CONDITIONS)
    ctx.addIssue({ code: 'custom', message: `a segment may have at most ${MAX_RULE_CONDITIONS} conditions` });
});
/** The root of a segment's rules: always a group (an empty group matches every customer). Sized up before it is parsed. */
export const ruleTree = ruleSizeGate.pipe(checkedRuleTree) as unknown as typeof checkedRuleTree;

export const SEGMENT_MEMBER_SORTS = ['name', 'totalSpend', 'visits', 'lastVisit'] as const;
export type SegmentMemberSort = (typeof SEGMENT_MEMBER_SORTS)[number];

export interface SegmentMember {
  id: string;
  code: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  area: string | null;
  consentMarketing: boolean;
  /** All-time, non-voided. */
  visits: number;
  totalSpend: number;
  lastVisit: string | null;
}

export interface SavedSegment {
  id: string;
  name: string;
  rule: RuleGroup;
  createdAt: string;
  updatedAt: string;
}

// ---------- lifecycle ----------

export interface LifecycleRule {
  /** "new": first purchase within the last newDays days (today included). */
  newDays: number;
  /** "lapsed": has bought, but not within the last lapsedDays days. */
  lapsedDays: number;
  /** "loyal": active and at least loyalVisits purchases within the last loyalWindowDays days. */
  loyalVisits: number;
  loyalWindowDays: number;
}
export const lifecycleRuleInput = z
  .object({ newDays: days, lapsedDays: days, loyalVisits: z.number().int().min(1).max(100_000), loyalWindowDays: days })
  .refine((r) => r.newDays < r.lapsedDays, { message: 'the "new" period must be shorter than the "lapsed" one', path: ['newDays'] });

export type LifecycleCounts = Record<LifecycleGroup, number>;

// ---------- the methods ----------

export const segmentsContract = {
  'rfm.compute': {
    input: z
      .object(rfmWindow)
      .refine(windowOk, windowMsg)
      .optional()
      .transform((v) => v ?? { windowFrom: null }),
    output: out<RfmSummary>(),
  },
  'rfm.segmentMembers': {
    input: z
      .object({
        ...rfmWindow,
        /** null = every scored customer. */
        segment: z.enum(RFM_SEGMENTS).nullable(),
        sort: z.enum(RFM_MEMBER_SORTS).default('monetary'),
        ...page,
      })
      .refine(windowOk, windowMsg),
    output: out<{ total: number; items: RfmMember[] }>(),
  },
  'rfm.customer': {
    input: z.object({ ...rfmWindow, customerId: id }).refine(windowOk, windowMsg),
    /** null when the customer did not buy in the window. */
    output: out<RfmCustomer | null>(),
  },

  'segments.count': { input: z.object({ rule: ruleTree }), output: out<{ count: number; total: number }>() },
  'segments.members': {
    input: z.object({
      rule: ruleTree,
      sort: z.enum(SEGMENT_MEMBER_SORTS).default('name'),
      direction: z.enum(['asc', 'desc']).default('asc'),
      ...page,
    }),
    output: out<{ total: number; items: SegmentMember[] }>(),
  },
  'segments.list': {
    input: z
      .object({ withCounts: z.boolean().default(true) })
      .optional()
      .transform((v) => v ?? { withCounts: true }),
    output: out<(SavedSegment & { count: number | null })[]>(),
  },
  'segments.get': { input: z.object({ id }), output: out<SavedSegment & { count: number }>() },
  'segments.save': {
    input: z.object({
      /** Absent: create; present: update that segment. */
      id: id.nullish().transform((v) => v ?? null),
      name: z
        .string()
        .max(120)
        .transform((s) => s.trim().replace(/\s+/g, ' '))
        .refine((s) => s.length > 0, { message: 'name is required' }),
      rule: ruleTree,
    }),
    output: out<SavedSegment>(),
  },
  'segments.delete': { input: z.object({ id }), output: out<{ id: string }>() },

  'lifecycle.counts': {
    input: z
      .object({ rule: lifecycleRuleInput.optional() })
      .optional()
      .transform((v) => v ?? {}),
    output: out<{ rule: LifecycleRule; counts: LifecycleCounts; total: number }>(),
  },
  'lifecycle.getRule': { input: z.object({}).optional(), output: out<LifecycleRule>() },
  'lifecycle.setRule': { input: lifecycleRuleInput, output: out<LifecycleRule>() },
} as const;
