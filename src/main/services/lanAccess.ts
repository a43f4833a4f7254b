/**
 * The owner's LAN access switch (issue 19), one settings row read by `serve` at start. Turning it
 * on needs an active owner: every other device must sign in with a PIN, so there must be PINs.
 */
import type { LanAccess } from '../../shared/contract/lan';
import { AppError } from '../../shared/errors';
import type { Ctx, Tx } from './context';
import { readRuleSetting, writeRuleSetting } from './ruleSettings';

const KEY = 'lanAccess';

export async function getLanAccess(tx: Tx): Promise<LanAccess> {
  const stored = await readRuleSetting(tx, KEY);
  return { enabled: typeof stored === 'object' && stored !== null && (stored as { enabled?: unknown }).enabled === true };
}

export async function ownerExists(tx: Tx): Promise<boolean> {
  const r = await tx.selectFrom('staff').select('id').where('role', '=', 'owner').where('active', '=', 1).limit(1).executeTakeFirst();
  return r !== undefined;
}

export async function setLanAccess(ctx: Ctx, input: LanAccess): Promise<LanAccess> {
  if (input.enabled && !(await ownerExists(ctx.db)))
    throw new AppError('LAN_NEEDS_STAFF', 'LAN access needs staff accounts: set up the owner and their PIN first.', { field: 'enabled' });
  const current = await getLanAccess(ctx.db);
  await writeRuleSetting(ctx, KEY, { enabled: input.enabled }, current.enabled === input.enabled ? [] : ['enabled']);
  return getLanAccess(ctx.db);
}
