/**
 * Between the route table and the URL: reading a hash into a route, writing a route as a hash,
 * and which sidebar item a page lights. Pure functions of the table, so they are tested without a browser.
 */
import type { RouteEntry } from './routes';

export interface RouteOf {
  page: string;
  id?: string;
}

/**
 * The route a hash names. The entry whose path matches the most leading segments wins
 * ('customers/42' is the customer, 'customers' the list); further segments are ignored and
 * anything else is the home page. A '#token=' the app was opened with is not part of the route.
 */
export function parseRouteIn(routes: readonly RouteEntry[], hash: string): RouteOf {
  const parts = hash
    .replace(/(^#|&)token=[^&]*/, '')
    .replace(/^#?\/?/, '')
    .split('/')
    .filter(Boolean);
  let best: { entry: RouteEntry; id?: string; length: number } | null = null;
  for (const entry of routes) {
    const pattern = entry.path.split('/');
    if (pattern.length > parts.length || (best && best.length >= pattern.length)) continue;
    let id: string | undefined;
    const matches = pattern.every((seg, i) => {
      if (seg !== ':id') return seg === parts[i];
      id = decodeURIComponent(parts[i]!);
      return true;
    });
    if (matches) best = { entry, id, length: pattern.length };
  }
  if (!best) return { page: routes[0]!.page };
  return best.id === undefined ? { page: best.entry.page } : { page: best.entry.page, id: best.id };
}

export function routeHashIn(routes: readonly RouteEntry[], route: RouteOf): string {
  const entry = routes.find((r) => r.page === route.page) ?? routes[0]!;
  return '#/' + entry.path.replace(':id', encodeURIComponent(route.id ?? ''));
}

/** The sidebar item that shows a page as current. */
export function navItemIn(routes: readonly RouteEntry[], page: string): string {
  return routes.find((r) => r.page === page)?.highlights ?? page;
}
