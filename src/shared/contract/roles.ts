/**
 * Who may call each contract method once the shop has staff accounts (issue 19), and whether a
 * successful call goes into the audit log. The one place that decides: dispatch reads it for every
 * call from a window or browser tab. A shop without accounts allows everything, as before, and the
 * command line (which has the shop's files anyway) is never asked.
 *  - open: before anyone signs in (the lock screen, the shop's name on it)
 *  - staff: anyone signed in: what the counter needs
 *  - owner: the owner, or anyone with a manager's PIN approving that one call
 * A method missing here is owner-only (test/roles.test.ts fails until it is listed), so a new
 * method is never open by accident.
 */
export type Role = 'open' | 'staff' | 'owner';

export interface Access {
  role: Role;
  /** Written to the audit log when it succeeds: it changes something, or takes data out of the shop. */
  audit: boolean;
}

const read = (role: Role): Access => ({ role, audit: false });
const write = (role: Role): Access => ({ role, audit: true });

export const METHOD_ACCESS: Readonly<Record<string, Access>> = {
  // Before signing in.
  'app.info': read('staff'),
  'settings.get': read('open'),
  'staff.status': read('open'),
  'staff.setupOwner': write('open'),
  'staff.signIn': write('open'),
  'staff.signOut': write('open'),

  // The counter.
  'customers.create': write('staff'),
  'customers.update': write('staff'),
  'customers.get': read('staff'),
  'customers.search': read('staff'),
  'customers.duplicates': read('staff'),
  'customers.facets': read('staff'),
  'cards.issue': write('staff'),
  'cards.setStatus': write('staff'),
  'cards.replace': write('staff'),
  'cards.lookup': read('staff'),
  'sales.record': write('staff'),
  /** Owner-only for a purchase from before today: see src/main/api/access.ts. */
  'sales.void': write('staff'),
  'sales.amountGuide': read('staff'),
  'sales.today': read('staff'),
  'sales.forCustomer': read('staff'),
  'coupons.check': read('staff'),
  'points.ledger': read('staff'),
  'tiers.getRule': read('staff'),
  'staff.approve': write('staff'),
  'staff.responsibleFor': read('staff'),
  'staff.names': read('staff'),

  // The owner's: settings, staff, exports, imports, points adjustments, analysis and campaigns.
  'settings.update': write('owner'),
  'lan.getAccess': read('owner'),
  'lan.setAccess': write('owner'),
  'staff.list': read('owner'),
  'staff.create': write('owner'),
  'staff.update': write('owner'),
  'staff.setResponsible': write('owner'),
  'audit.list': read('owner'),
  'points.adjust': write('owner'),
  'exports.contactsCount': read('owner'),
  'exports.contacts': write('owner'),
  'exports.progress': read('owner'),
  'imports.inspect': read('owner'),
  'imports.preview': read('owner'),
  'imports.commit': write('owner'),
  'imports.progress': read('owner'),
  'customerImport.inspect': read('owner'),
  'customerImport.preview': read('owner'),
  'customerImport.commit': write('owner'),
  'customerImport.progress': read('owner'),
  'tiers.setRule': write('owner'),
  'lifecycle.counts': read('owner'),
  'lifecycle.getRule': read('owner'),
  'lifecycle.setRule': write('owner'),
  'reports.dashboard': read('owner'),
  'rfm.compute': read('owner'),
  'rfm.segmentMembers': read('owner'),
  'rfm.customer': read('staff'),
  'segments.count': read('owner'),
  'segments.members': read('owner'),
  'segments.list': read('owner'),
  'segments.get': read('owner'),
  'segments.save': write('owner'),
  'segments.delete': write('owner'),
  'campaigns.audienceCount': read('owner'),
  'campaigns.create': write('owner'),
  'campaigns.list': read('owner'),
  'campaigns.get': read('owner'),
  'campaigns.issue': write('owner'),
  'campaigns.setPaused': write('owner'),
  'campaigns.results': read('owner'),
  'campaigns.coupons': read('owner'),
  'coupons.void': write('owner'),

  // Loyalty (issue 16): the counter shows the tier, prints receipts and records how it went; the
  // owner sets the rules and the hand-set tiers, and works the follow-up lists.
  'tiers.status': read('staff'),
  'tiers.setFloor': write('owner'),
  'tiers.clearFloor': write('owner'),
  'earning.getRule': read('staff'),
  'earning.setRule': write('owner'),
  'sales.receipt': read('staff'),
  'receipts.getLayout': read('staff'),
  'receipts.setLayout': write('owner'),
  'feedback.record': write('staff'),
  'feedback.list': read('staff'),
  'followups.week': read('owner'),
  'followups.getRule': read('owner'),
  'followups.setRule': write('owner'),
  'followups.segment': write('owner'),

  // The shop's data in and out (issue 17): all the owner's.
  'customers.merge': write('owner'),
  'customers.erase': write('owner'),
  'customers.exportOne': write('owner'),
  'shop.exportAll': write('owner'),
  'backups.list': read('owner'),
  'backups.take': write('owner'),
  'backups.setFolder': write('owner'),
  'backups.inspect': read('owner'),
  'backups.restore': write('owner'),

  // Sync now (issue 18). Choosing the folder decides where the shop's data goes: the owner's. Pressing
  // "Sync now" only exchanges changes through that folder, as the next sync would anyway, takes
  // nothing out the owner has not chosen and cannot be turned against the counter (one at a time,
  // every feed applied whole or not at all), so whoever is at the till may press it.
  'sync.status': read('staff'),
  'sync.setFolder': write('owner'),
  // Where this till syncs, and the hub's address: the owner's, as the folder is.
  'sync.setVia': write('owner'),
  'sync.setHub': write('owner'),
  'sync.run': write('staff'),
  // Taking a new identity renumbers this till's future codes and moves its unsent rows: the owner's.
  'sync.newIdentity': write('owner'),
  // What sync found is about customers and coupons staff already see at the counter; they meet it first.
  'sync.findings': read('staff'),
  // Marking one read is the owner's: staff would hide from the owner what the owner must decide on.
  'sync.setFindingSeen': write('owner'),
  // Cancels coupons customers hold: the owner's, as cancelling one coupon is.
  'sync.withdrawLaterCoupons': write('owner'),
};

const UNLISTED: Access = write('owner');

export function accessOf(method: string): Access {
  return Object.prototype.hasOwnProperty.call(METHOD_ACCESS, method) ? METHOD_ACCESS[method]! : UNLISTED;
}
