import { create } from 'zustand';
import type { CounterCustomer, ShopSettings } from '../../../shared/domain';
import type { Route } from '../routes';

export type { Route };

interface AppState {
  route: Route;
  settings: ShopSettings | null;
  /** The customer standing at the counter (after a swipe or a pick), or null for a walk-in. */
  atCounter: CounterCustomer | null;
  /** The last scan that could not be used, shown on the counter. */
  scanError: { code: string; message: string; params?: Record<string, string | number> } | null;
  /** A coupon code scanned on any screen, for the counter's coupon field to take. */
  scannedCoupon: string | null;
  /** Bumped whenever data changes, so open pages re-read it. */
  revision: number;
  navigate(route: Route): void;
  setSettings(s: ShopSettings): void;
  setAtCounter(c: CounterCustomer | null): void;
  setScanError(e: AppState['scanError']): void;
  setScannedCoupon(code: string | null): void;
  touch(): void;
}

export const useApp = create<AppState>((set) => ({
  // Read from the URL before the first render (routeUrl.ts), which also writes navigations back.
  route: { page: 'counter' },
  settings: null,
  atCounter: null,
  scanError: null,
  scannedCoupon: null,
  revision: 0,
  navigate: (route) => set({ route }),
  setSettings: (settings) => set({ settings }),
  setAtCounter: (atCounter) => set({ atCounter, scanError: null }),
  setScanError: (scanError) => set({ scanError }),
  setScannedCoupon: (scannedCoupon) => set({ scannedCoupon, scanError: null }),
  touch: () => set((s) => ({ revision: s.revision + 1 })),
}));
