/**
 * Campaigns and coupons (issue 15), by stage: `audience` (who, as a segment rule), `holdout` (who
 * is held back), `campaigns` (definitions, states), `issue` (the snapshot and its coupons),
 * `redeem` (the counter's rules, run inside sales.record), `coupons` (lists, check, cancel),
 * `results` (what the campaign brought).
 */
export { audienceCount } from './audience';
export { createCampaign, getCampaign, listCampaigns, setCampaignPaused } from './campaigns';
export { checkCoupon, listCoupons, voidCoupon } from './coupons';
export { couponCodePrefix, issueCampaign } from './issue';
export { couponStatements, quoteCoupon } from './redeem';
export { campaignResults } from './results';
