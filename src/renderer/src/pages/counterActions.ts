import { looksLikeCouponCode } from '../../../shared/couponCode';
import { ApiCallError, call } from '../api/client';
import { useApp } from '../stores/app';

/** A swipe from any screen: open that customer at the counter, or show why the card was refused. */
export async function lookupCardAtCounter(number: string): Promise<boolean> {
  const app = useApp.getState();
  // Routed by shape: a card number is digits only, a coupon code always holds a letter.
  if (looksLikeCouponCode(number)) {
    app.setScannedCoupon(number);
    app.navigate({ page: 'counter' });
    return true;
  }
  try {
    const found = await call('cards.lookup', { number });
    app.setAtCounter(found);
    app.navigate({ page: 'counter' });
    return true;
  } catch (e) {
    const err = e instanceof ApiCallError ? e.error : { code: 'INTERNAL', message: String(e) };
    app.setScanError({ code: err.code, message: err.message, params: 'params' in err ? err.params : undefined });
    app.navigate({ page: 'counter' });
    return false;
  }
}

export async function openAtCounter(customerId: string): Promise<void> {
  const page = await call('customers.get', { id: customerId });
  const app = useApp.getState();
  app.setAtCounter({ customer: page.customer, card: page.card, stats: page.stats, tier: page.tier });
  app.navigate({ page: 'counter' });
}
