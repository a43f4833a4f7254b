/** The owner's dashboard: one call returns every figure for a period in the shop's time zone. */
import { z } from 'zod';
import type { RfmSegment } from '../rfm';
import { datePeriod, out } from './schema';

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface DashboardBucket {
  /** day: YYYY-MM-DD; week: the Monday YYYY-MM-DD (ISO weeks); month: YYYY-MM. */
  key: string;
  /** First and last shop day of the bucket inside the period (the first/last bucket may be partial). */
  from: string;
  to: string;
  /** Non-voided sales, walk-ins included (minor units / count). */
  revenue: number;
  visits: number;
  /** revenue / visits, rounded to the minor unit; 0 when no visit. */
  averageBasket: number;
  /** Distinct known customers whose first purchase ever is in this bucket. */
  newCustomers: number;
  /** Distinct known customers who bought in this bucket and had bought before it. */
  returningCustomers: number;
}

export interface Dashboard {
  from: string;
  to: string;
  granularity: Granularity;
  totals: {
    revenue: number;
    visits: number;
    averageBasket: number;
    /** Distinct known customers who bought in the period. */
    customers: number;
    /** …whose first purchase ever is in the period / who had bought before it. */
    newCustomers: number;
    returningCustomers: number;
    walkInRevenue: number;
  };
  /** Every bucket of the period in order, zero-filled. */
  buckets: DashboardBucket[];
  /** RFM as of the period's last day over all history. */
  rfm: { asOf: string; customers: number; segments: { segment: RfmSegment; size: number; revenueShare: number }[] };
  /** By spend in the period, largest first. */
  topCustomers: { id: string; code: string; fullName: string; revenue: number; visits: number }[];
  /** Known customers' spend in the period. */
  pareto: {
    customers: number;
    /** ceil(20% of customers) — the "top 20%" used for top20Share. */
    topCount: number;
    /** Share (0–1) of known customers' revenue from the top 20% of them. */
    top20Share: number;
    /** Cumulative curve, customers sorted by spend descending; ≤ 101 points from (0,0) to (1,1). */
    curve: { customerShare: number; revenueShare: number }[];
  };
  /** Ratings recorded in the period (issue 16): mean (one decimal, null without any), how many, how many at most 2. */
  satisfaction: { average: number | null; count: number; unhappy: number };
}

export const MAX_DASHBOARD_BUCKETS = 1100;

export const reportsContract = {
  'reports.dashboard': {
    input: datePeriod({
      granularity: z.enum(GRANULARITIES).default('day'),
      top: z.number().int().min(1).max(100).default(10),
    }),
    output: out<Dashboard>(),
  },
} as const;
