/** Handlers of RFM, rule segments and lifecycle groups; inputs arrive parsed (see dispatch.ts). */
import type { segmentsContract } from '../../../shared/contract/segments';
import { localDate } from '../../../shared/time';
import type { Ctx } from '../../services/context';
import { getLifecycleRule, lifecycleCounts, setLifecycleRule } from '../../services/lifecycle';
import { computeRfm, rfmOfCustomer, segmentMembers, summarise } from '../../services/rfm';
import { countSegment, deleteSegment, getSegment, listSegmentMembers, listSegments, saveSegment } from '../../services/segments';
import { getSettings } from '../../services/settings';
import type { HandlerMap } from '../types';

/** RFM for the window asked, as-of defaulting to today in the shop's time zone. */
async function rfmFor(ctx: Ctx, input: { asOf?: string; windowFrom: string | null }) {
  const { timeZone } = await getSettings(ctx.db);
  return computeRfm(ctx.db, timeZone, { asOf: input.asOf ?? localDate(ctx.now(), timeZone), windowFrom: input.windowFrom });
}

export const segmentsHandlers: HandlerMap<keyof typeof segmentsContract> = {
  'rfm.compute': async (ctx, input) => summarise(await rfmFor(ctx, input)),
  'rfm.segmentMembers': async (ctx, input) => segmentMembers(ctx.db, await rfmFor(ctx, input), input),
  'rfm.customer': async (ctx, input) => rfmOfCustomer(ctx.db, await rfmFor(ctx, input), input.customerId),

  'segments.count': (ctx, { rule }) => countSegment(ctx, rule),
  'segments.members': (ctx, input) => listSegmentMembers(ctx, input),
  'segments.list': (ctx, { withCounts }) => listSegments(ctx, withCounts),
  'segments.get': (ctx, { id }) => getSegment(ctx, id),
  'segments.save': (ctx, input) => saveSegment(ctx, input),
  'segments.delete': (ctx, { id }) => deleteSegment(ctx, id),

  'lifecycle.counts': (ctx, { rule }) => lifecycleCounts(ctx, rule),
  'lifecycle.getRule': (ctx) => getLifecycleRule(ctx.db),
  'lifecycle.setRule': (ctx, rule) => setLifecycleRule(ctx, rule),
};
