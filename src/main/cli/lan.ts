/**
 * `serve --lan`: what it demands before it opens the shop to the network, and the URLs it prints
 * for the tablets (issue 19).
 */
import { listStaff } from '../services/staff';
import type { Ctx } from '../services/context';
import { lanAddresses } from '../transport/lan';

export const LAN_NEEDS_OWNER_MESSAGE =
  'LAN access needs staff accounts, so that every device on the network must sign in with a PIN. ' +
  'Open Regulars on this computer (or `serve` without --lan), set up the owner and their PIN on the lock screen, then start `serve --lan` again.';

/** Why LAN mode may not start on this shop, or null: an active owner (with a PIN, as every account has) is required. */
export async function lanRefusal(ctx: Ctx): Promise<string | null> {
  const staff = await listStaff(ctx);
  return staff.some((m) => m.active && m.role === 'owner') ? null : LAN_NEEDS_OWNER_MESSAGE;
}

/** One URL per LAN address, with the token for the tablet's first visit. */
export function lanUrls(port: number, token: string, addresses: string[] = lanAddresses()): string[] {
  return addresses.map((a) => `http://${a}:${port}/#token=${token}`);
}
