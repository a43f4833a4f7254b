/**
 * The shop's rules kept as one JSON row each in `settings` (tiers, earning, lifecycle, follow-ups,
 * the receipt's lines): read, and written with their change-log entry in one transaction. One
 * writer, so the way a rule change reaches the change log (and sync) is decided here once.
 */
import { logChange } from '../db/changeLog';
import type { Ctx, Tx } from './context';
import { putSettingRow } from '../db/settingRows';

/** The stored JSON of a rule, or undefined when the shop never set it. */
export async function readRuleSetting(tx: Tx, key: string): Promise<unknown> {
  const row = await tx.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as unknown) : undefined;
}

/**
 * Stores a rule. `changed` names the fields that changed, when the caller knows them: the entry
 * then names them, and nothing is logged when none did. Without it the entry is of the whole rule.
 */
export async function writeRuleSetting(ctx: Ctx, key: string, rule: unknown, changed?: string[]): Promise<void> {
  const value = JSON.stringify(rule);
  await ctx.db.transaction().execute(async (trx) => {
    await putSettingRow(trx, key, value);
    // Settings entries point to 0 and name the key, or `key.field` for each field changed (0100).
    if (changed === undefined) await logChange(trx, 'settings', 0, 'update', ctx.now().toISOString(), [key]);
    else if (changed.length > 0)
      await logChange(
        trx,
        'settings',
        0,
        'update',
        ctx.now().toISOString(),
        changed.map((f) => `${key}.${f}`),
      );
  });
}
