import { guessCountry } from '../../shared/country';
import type { SettingsData } from '../../shared/contract/core';
import type { ShopSettings } from '../../shared/domain';
import type { Ctx, Tx } from './context';
import { logChange } from './context';

export const DEFAULT_SETTINGS: ShopSettings = {
  shopName: 'My shop',
  currency: 'VND',
  locale: 'vi',
  timeZone: 'Asia/Ho_Chi_Minh',
  country: 'VN',
  pointsRule: { every: 10_000, points: 1 },
};

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof ShopSettings)[];

export async function getSettings(tx: Tx): Promise<ShopSettings> {
  return settingsFromRows(await tx.selectFrom('settings').select(['key', 'value']).execute());
}

/** Stored values over the defaults; a shop saved before `country` existed gets it from its time zone or currency. */
export function settingsFromRows(rows: readonly { key: string; value: string }[]): ShopSettings {
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const result = { ...DEFAULT_SETTINGS };
  for (const k of KEYS) if (k in stored) (result as Record<string, unknown>)[k] = stored[k];
  if (!('country' in stored)) result.country = guessCountry(result.currency, result.timeZone) ?? DEFAULT_SETTINGS.country;
  return result;
}

/** Without a country: one guessed from the time zone and currency, else the one the shop has. */
export async function updateSettings(ctx: Ctx, data: SettingsData): Promise<ShopSettings> {
  const current = await getSettings(ctx.db);
  const input: ShopSettings = { ...data, country: data.country ?? guessCountry(data.currency, data.timeZone) ?? current.country };
  await ctx.db.transaction().execute(async (trx) => {
    for (const k of KEYS) {
      const value = JSON.stringify(input[k]);
      await trx
        .insertInto('settings')
        .values({ key: k, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    }
    await logChange(trx, 'settings', 'shop', 'update', ctx.now().toISOString());
  });
  return getSettings(ctx.db);
}
