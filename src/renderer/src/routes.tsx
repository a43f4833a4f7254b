/**
 * Every page of the app, one entry each. A new page is one more entry here: its URL, its
 * component and, if it has one, its place in the sidebar.
 */
import type { ComponentType } from 'react';
import { CounterPage } from './pages/CounterPage';
import { CustomerImportPage } from './pages/CustomerImportPage';
import { CustomerPage } from './pages/CustomerPage';
import { CustomersPage } from './pages/CustomersPage';
import { ImportPage } from './pages/ImportPage';
import { SettingsPage } from './pages/SettingsPage';
// backups (issue 17)
import { BackupsPage } from './pages/BackupsPage';
// sync now (issue 18)
import { SyncPage } from './pages/SyncPage';
import { ReportsPage } from './pages/analysis/ReportsPage';
import { RfmPage } from './pages/analysis/RfmPage';
import { SegmentPage } from './pages/analysis/SegmentPage';
import { SegmentsPage } from './pages/analysis/SegmentsPage';
import { CampaignPage } from './pages/campaigns/CampaignPage';
import { CampaignsPage } from './pages/campaigns/CampaignsPage';
// receipts and satisfaction (issue 16)
import { ReceiptPage } from './pages/ReceiptPage';
import { FollowUpsPage } from './pages/FollowUpsPage';
import { NewCampaignPage } from './pages/campaigns/NewCampaignPage';
import { AuditPage } from './pages/staff/AuditPage';
import { StaffPage } from './pages/staff/StaffPage';
import { navItemIn, parseRouteIn, routeHashIn } from './routing';

export interface RouteEntry {
  /** The name code uses: navigate({ page: 'customer', id }). */
  page: string;
  /** The URL after '#/'; ':id' stands for one segment, handed to the component as its `id` prop. */
  path: string;
  /** Pages without ':id' simply ignore the prop. */
  component: ComponentType<{ id: string }>;
  /** i18n key of the page's sidebar item; pages without one are not in the sidebar. The sidebar follows table order. */
  nav?: string;
  /** The sidebar item lit while a page without its own item is open. */
  highlights?: string;
}

/** The first entry is the home page, where an empty or unknown URL lands. */
export const ROUTES = [
  { page: 'counter', path: 'counter', component: CounterPage, nav: 'nav.counter' },
  { page: 'customers', path: 'customers', component: CustomersPage, nav: 'nav.customers' },
  { page: 'customer', path: 'customers/:id', component: CustomerPage, highlights: 'customers' },
  { page: 'reports', path: 'reports', component: ReportsPage, nav: 'nav.reports' },
  { page: 'rfm', path: 'rfm', component: RfmPage, nav: 'nav.rfm' },
  { page: 'segments', path: 'segments', component: SegmentsPage, nav: 'nav.segments' },
  /** A saved segment, or 'new' for the builder with an empty rule. */
  { page: 'segment', path: 'segments/:id', component: SegmentPage, highlights: 'segments' },
  { page: 'campaigns', path: 'campaigns', component: CampaignsPage, nav: 'nav.campaigns' },
  { page: 'campaign', path: 'campaigns/:id', component: CampaignPage, highlights: 'campaigns' },
  /** The campaign form for a saved segment (a follow-up list's "start a campaign"). */
  { page: 'newCampaign', path: 'campaigns/new/:id', component: NewCampaignPage, highlights: 'campaigns' },
  { page: 'followups', path: 'this-week', component: FollowUpsPage, nav: 'followups.nav' },
  { page: 'import', path: 'import', component: ImportPage, nav: 'nav.import' },
  { page: 'customerImport', path: 'import-customers', component: CustomerImportPage, nav: 'customerImport.nav' },
  // backups (issue 17)
  { page: 'backups', path: 'backups', component: BackupsPage, nav: 'backups.nav' },
  { page: 'sync', path: 'sync', component: SyncPage, nav: 'sync.nav' },
  { page: 'settings', path: 'settings', component: SettingsPage, nav: 'nav.settings' },
  /** A purchase's receipt, to print (issue 16). */
  { page: 'receipt', path: 'receipt/:id', component: ReceiptPage, highlights: 'counter' },
  { page: 'staff', path: 'staff', component: StaffPage, nav: 'staff.nav' },
  { page: 'audit', path: 'audit', component: AuditPage, nav: 'staff.auditNav' },
] as const satisfies readonly RouteEntry[];

type Entry = (typeof ROUTES)[number];
export type PageName = Entry['page'];

/** { page } for a plain page, { page, id } for one whose path has ':id'. */
export type Route = {
  [E in Entry as E['page']]: E['path'] extends `${string}:id` ? { page: E['page']; id: string } : { page: E['page'] };
}[PageName];

export const parseRoute = (hash: string): Route => parseRouteIn(ROUTES, hash) as Route;
export const routeHash = (route: Route): string => routeHashIn(ROUTES, route);
/** The sidebar item lit while `page` is open. */
export const navItemOf = (page: PageName): PageName => navItemIn(ROUTES, page) as PageName;
/** The pages in the sidebar, in order. */
export const NAV_ROUTES = ROUTES.filter((r): r is Extract<Entry, { nav: string }> => 'nav' in r);
