/** Handlers of campaigns and coupons; inputs arrive parsed (see dispatch.ts). */
import type { campaignsContract } from '../../../shared/contract/campaigns';
import {
  audienceCount,
  campaignResults,
  checkCoupon,
  createCampaign,
  getCampaign,
  issueCampaign,
  listCampaigns,
  listCoupons,
  setCampaignPaused,
  voidCoupon,
} from '../../services/campaigns';
import type { HandlerMap } from '../types';

export const campaignsHandlers: HandlerMap<keyof typeof campaignsContract> = {
  'campaigns.audienceCount': (ctx, { audience }) => audienceCount(ctx, audience),
  'campaigns.create': (ctx, input) => createCampaign(ctx, input),
  'campaigns.list': (ctx) => listCampaigns(ctx.db),
  'campaigns.get': (ctx, { id }) => getCampaign(ctx.db, id),
  'campaigns.issue': (ctx, { id }) => issueCampaign(ctx, id),
  'campaigns.setPaused': (ctx, { id, paused }) => setCampaignPaused(ctx, id, paused),
  'campaigns.coupons': (ctx, input) => listCoupons(ctx, input),
  'campaigns.results': (ctx, { id }) => campaignResults(ctx, id),
  'coupons.check': (ctx, input) => checkCoupon(ctx, input),
  'coupons.void': (ctx, { id, reason }) => voidCoupon(ctx, id, reason),
};
