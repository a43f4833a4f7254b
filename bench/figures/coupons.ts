/**
 * Campaigns and coupons (issue 15): issuing a campaign of ~20,000 members (the lifecycle group
 * closest to that size, so the figure is about issuing, not about finding an audience of an exact
 * size), and recording purchases with the holders' personal coupons at the counter.
 */
import { LIFECYCLE_GROUPS } from '../../src/shared/contract/segments';
import { localDate } from '../../src/shared/time';
import { timeEach } from '../lib/stats';
import { call } from './samples';
import type { FigureGroup } from './types';

export const couponFigures: FigureGroup = {
  name: 'coupons',
  async run(ctx) {
    const target = ctx.quick ? 400 : 20_000;
    const { counts } = await call(ctx.backend, 'lifecycle.counts', {});
    const group = [...LIFECYCLE_GROUPS].sort((a, b) => Math.abs(counts[a] - target) - Math.abs(counts[b] - target))[0]!;
    const { timeZone } = await call(ctx.backend, 'settings.get', {});
    const today = localDate(new Date(), timeZone);
    const campaign = await call(ctx.backend, 'campaigns.create', {
      name: 'Bench',
      audience: { kind: 'lifecycle', group },
      offer: { kind: 'percent', percent: 10 },
      validFrom: today,
      validTo: today,
    });
    const t = performance.now();
    const issued = await call(ctx.backend, 'campaigns.issue', { id: campaign.id });
    const seconds = (performance.now() - t) / 1000;
    // Purchases by the first holders, each with their own coupon (a one-use coupon cannot warm up).
    const { items } = await call(ctx.backend, 'campaigns.coupons', { id: campaign.id, offset: 0, limit: ctx.iterations(500, 60) });
    const amounts = ctx.rng.fork('coupon-amounts');
    const sale = await timeEach(
      items,
      (c) => call(ctx.backend, 'sales.record', { customerId: c.customerId, amount: amounts.int(25, 800) * 1000, couponCode: c.code }),
      0,
    );
    return {
      coupon_issue_members: issued.coupons,
      coupon_issue_per_s: Math.round(issued.coupons / seconds),
      record_sale_with_coupon_ms: sale,
    };
  },
};
