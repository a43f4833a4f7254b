import { describe, expect, it } from 'vitest';
import { navItemOf, parseRoute, ROUTES, routeHash, type Route } from '../src/renderer/src/routes';

/** One route of every page, with an id that needs encoding where the path takes one. */
const oneOfEach: Route[] = ROUTES.map((r) => (r.path.includes(':id') ? { page: r.page, id: 'a b/ç?#1' } : { page: r.page }) as Route);

describe('route table', () => {
  it('reads back every route it writes', () => {
    for (const route of oneOfEach) expect(parseRoute(routeHash(route))).toEqual(route);
    expect(parseRoute(routeHash({ page: 'segment', id: 'new' }))).toEqual({ page: 'segment', id: 'new' });
  });

  it('keeps the URLs the app has always had', () => {
    expect(oneOfEach.map(routeHash)).toEqual([
      '#/counter',
      '#/customers',
      '#/customers/a%20b%2F%C3%A7%3F%231',
      '#/reports',
      '#/rfm',
      '#/segments',
      '#/segments/a%20b%2F%C3%A7%3F%231',
      '#/campaigns',
      '#/campaigns/a%20b%2F%C3%A7%3F%231',
      '#/campaigns/new/a%20b%2F%C3%A7%3F%231',
      '#/this-week',
      '#/import',
      '#/import-customers',
      '#/backups',
      // sync now (issue 18)
      '#/sync',
      '#/settings',
      // receipts (issue 16)
      '#/receipt/a%20b%2F%C3%A7%3F%231',
      '#/staff',
      '#/audit',
    ]);
    expect(routeHash({ page: 'customer', id: '0192f3a4-1234' })).toBe('#/customers/0192f3a4-1234');
  });

  it('reads hashes as before: a longer path wins, extra segments and the token are ignored, anything else is the counter', () => {
    expect(parseRoute('#/customers/42')).toEqual({ page: 'customer', id: '42' });
    expect(parseRoute('#/customers/')).toEqual({ page: 'customers' });
    expect(parseRoute('#/segments/new')).toEqual({ page: 'segment', id: 'new' });
    expect(parseRoute('#/customers/42/edit')).toEqual({ page: 'customer', id: '42' });
    expect(parseRoute('#/reports/extra')).toEqual({ page: 'reports' });
    expect(parseRoute('customers')).toEqual({ page: 'customers' });
    expect(parseRoute('#token=abc')).toEqual({ page: 'counter' });
    expect(parseRoute('#/rfm&token=abc')).toEqual({ page: 'rfm' });
    for (const hash of ['', '#', '#/', '#/nowhere', '#/customer/42', '#/Reports']) expect(parseRoute(hash)).toEqual({ page: 'counter' });
  });

  it('lights the list in the sidebar while one of its items is open', () => {
    expect(navItemOf('customer')).toBe('customers');
    expect(navItemOf('segment')).toBe('segments');
    for (const r of ROUTES) if ('nav' in r) expect(navItemOf(r.page)).toBe(r.page);
  });

  it('has one entry per page, and every page is reachable from the sidebar', () => {
    const pages = ROUTES.map((r) => r.page);
    expect(new Set(pages).size).toBe(pages.length);
    expect(new Set(ROUTES.map((r) => r.path)).size).toBe(pages.length);
    for (const r of ROUTES) {
      const lit = navItemOf(r.page);
      expect(
        ROUTES.find((e) => e.page === lit && 'nav' in e),
        r.page,
      ).toBeDefined();
    }
  });
});
