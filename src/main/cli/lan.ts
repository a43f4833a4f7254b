/**
 * `serve --lan`: what it demands before it opens the shop to the network, and the URLs it prints
 * for the tablets (issue 19).
 */
import type { Ctx } from '../services/context';
import { getLanAccess, ownerExists } from '../services/lanAccess';
import { lanAddresses } from '../transport/lan';

export const LAN_NEEDS_OWNER_MESSAGE =
  'LAN access needs staff accounts, so that every device on the network must sign in with a PIN. ' +
  'Open Regulars on this computer (or `serve` without --lan), set up the owner and their PIN on the lock screen, then start `serve --lan` again.';

/** Why LAN mode may not start on this shop, or null: an active owner (with a PIN, as every account has) is required. */
export async function lanRefusal(ctx: Ctx): Promise<string | null> {
  return (await ownerExists(ctx.db)) ? null : LAN_NEEDS_OWNER_MESSAGE;
}

export const LAN_SWITCH_IGNORED_MESSAGE =
  'LAN access is switched on in Settings, but the shop has no owner with a PIN: serving this computer only. ' +
  'Set up the owner on the lock screen and start `serve` again.';

/**
 * Whether `serve` opens the shop to the network: `--lan` insists (and is refused without an owner),
 * the owner's switch in Settings asks (and falls back to loopback, with a warning, without one).
 */
export async function lanMode(ctx: Ctx, flag: boolean): Promise<{ lan: boolean; refusal: string | null; warning: string | null }> {
  const switched = flag || (await getLanAccess(ctx.db)).enabled;
  if (!switched) return { lan: false, refusal: null, warning: null };
  const refusal = await lanRefusal(ctx);
  if (!refusal) return { lan: true, refusal: null, warning: null };
  return flag ? { lan: false, refusal, warning: null } : { lan: false, refusal: null, warning: LAN_SWITCH_IGNORED_MESSAGE };
}

/** One URL per LAN address, with the token for the tablet's first visit. */
export function lanUrls(port: number, token: string, addresses: string[] = lanAddresses()): string[] {
  return addresses.map((a) => `http://${a}:${port}/#token=${token}`);
}
