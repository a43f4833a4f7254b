/**
 * The entry kinds of merges, tier floors and ratings (issue 18), with their shapes: kept apart from
 * the modules that export and apply them so that entries.ts can list them without an import cycle.
 */
import { z } from 'zod';
import type { Clock, FactId } from './entries';
import { zClock, zFactId, zInt, zUuid } from './kit';

export interface MergeEntry {
  t: 'merge';
  gid: string;
  survivor: string;
  absorbed: string;
  /** JSON as recorded: which side each field came from, and what moved on the merging till. */
  choices: string;
  moved: string;
  merged_at: string;
  clock: Clock;
}

export const mergeEntry = z.object({
  t: z.literal('merge'),
  gid: zUuid,
  survivor: zUuid,
  absorbed: zUuid,
  choices: z.string(),
  moved: z.string(),
  merged_at: z.string(),
  clock: zClock,
});

export interface FloorEntry {
  t: 'floor';
  gid: string;
  customer: string;
  tier: string;
  reason: string;
  until: string;
  set_at: string;
  set_by: string | null;
  set: Clock;
  /** The floor's own ending (cleared by hand or replaced on its till), or null. */
  end: { at: string; reason: string | null; clock: Clock } | null;
}

export const floorEntry = z.object({
  t: z.literal('floor'),
  gid: zUuid,
  customer: zUuid,
  tier: z.string(),
  reason: z.string(),
  until: z.string(),
  set_at: z.string(),
  set_by: z.string().nullable(),
  set: zClock,
  end: z.object({ at: z.string(), reason: z.string().nullable(), clock: zClock }).nullable(),
});

export interface RatingEntry {
  t: 'rating';
  gid: string;
  customer: string;
  sale: FactId | null;
  rating: number;
  note: string | null;
  created_at: number;
  recorded_by: string | null;
  clock: Clock;
}

export const ratingEntry = z.object({
  t: z.literal('rating'),
  gid: zUuid,
  customer: zUuid,
  sale: zFactId.nullable(),
  rating: zInt.min(1).max(5),
  note: z.string().nullable(),
  created_at: zInt,
  recorded_by: z.string().nullable(),
  clock: zClock,
});
