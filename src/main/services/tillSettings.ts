/**
 * Settings rows that belong to this computer only (the sync folder or hub, the last sync's result):
 * JSON in `settings`, written without a change-log entry, so sync never carries them (a path or an
 * address on one till means nothing on another).
 */
import type { Ctx } from './context';
import { putSettingRow } from '../db/settingRows';

export async function readTillSetting(ctx: Ctx, key: string): Promise<unknown> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (JSON.parse(row.value) as unknown) : null;
}

/** `null` removes the row. */
export async function writeTillSetting(ctx: Ctx, key: string, value: unknown): Promise<void> {
  await putSettingRow(ctx.db, key, value === null ? null : JSON.stringify(value));
}
