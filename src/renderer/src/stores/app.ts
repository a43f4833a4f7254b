import { create } from 'zustand';
import type { CounterCustomer, ShopSettings } from '../../../shared/domain';

export type Route =
  | { page: 'counter' }
  | { page: 'customers' }
  | { page: 'customer'; id: string }
  | { page: 'reports' }
  | { page: 'rfm' }
  | { page: 'segments' }
  /** A saved segment, or 'new' for the builder with an empty rule. */
  | { page: 'segment'; id: string }
  | { page: 'import' }
  | { page: 'settings' }
  | { page: 'campaigns' }
  | { page: 'campaign'; id: string };

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/(^#|&)token=[^&]*/, '')
    .replace(/^#?\/?/, '')
    .split('/')
    .filter(Boolean);
  if (parts[0] === 'customers' && parts[1]) return { page: 'customer', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'customers') return { page: 'customers' };
  if (parts[0] === 'segments' && parts[1]) return { page: 'segment', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'campaigns' && parts[1]) return { page: 'campaign', id: decodeURIComponent(parts[1]) };
  for (const page of ['reports', 'rfm', 'segments', 'import', 'settings', 'campaigns'] as const) if (parts[0] === page) return { page };
  return { page: 'counter' };
}

export function routeHash(route: Route): string {
  switch (route.page) {
    case 'customer':
      return `#/customers/${encodeURIComponent(route.id)}`;
    case 'segment':
      return `#/segments/${encodeURIComponent(route.id)}`;
    case 'campaign':
      return `#/campaigns/${encodeURIComponent(route.id)}`;
    case 'customers':
    case 'reports':
    case 'rfm':
    case 'segments':
    case 'import':
    case 'settings':
    case 'campaigns':
      return `#/${route.page}`;
    default:
      return '#/counter';
  }
}

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
  route: parseRoute(window.location.hash),
  settings: null,
  atCounter: null,
  scanError: null,
  scannedCoupon: null,
  revision: 0,
  navigate(route) {
    const hash = routeHash(route);
    if (window.location.hash !== hash) history.pushState(null, '', hash);
    set({ route });
  },
  setSettings: (settings) => set({ settings }),
  setAtCounter: (atCounter) => set({ atCounter, scanError: null }),
  setScanError: (scanError) => set({ scanError }),
  setScannedCoupon: (scannedCoupon) => set({ scannedCoupon, scanError: null }),
  touch: () => set((s) => ({ revision: s.revision + 1 })),
}));

window.addEventListener('popstate', () => useApp.setState({ route: parseRoute(window.location.hash) }));
