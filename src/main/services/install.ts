/**
 * This install's number for the codes people read and scan (docs/architecture.md, "Install
 * identity"). The first install of a shop is 1 and its codes keep the form they always had;
 * install n ≥ 2 puts `n-` after a code's letter (customer C2-000123; coupons: prefix + body), and
 * its card numbers start 87 + n in two digits (shared/cardNumber.ts). A body never contains a
 * dash, so codes from two installs can never be equal.
 */
import { runNow, type SyncDb } from '../db/prepared';
import type { Tx } from './context';

/** What goes between a code's letter(s) and its body: nothing for install 1, `n-` for install n. */
export function codePrefix(tag: number): string {
  return tag === 1 ? '' : `${tag}-`;
}

/** This install's tag, inside the caller's transaction. */
export async function installTag(tx: Tx): Promise<number> {
  const row = await tx.selectFrom('installs').select('tag').where('current', '=', 1).executeTakeFirstOrThrow();
  return row.tag;
}

/** The same, for the synchronous prepared path. */
export function installTagSync(k: SyncDb): number {
  const [row] = runNow<{ tag: number }>(k, k.db.selectFrom('installs').select('tag').where('current', '=', 1));
  if (!row) throw new Error('no current install');
  return row.tag;
}
