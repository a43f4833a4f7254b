import type { ShopSettings } from '../../shared/domain';
import type { Ctx, Tx } from './context';
import { logChange } from './context';

export const DEFAULT_SETTINGS: ShopSettings = {
  shopName: 'My shop',
  currency: 'VND',
  locale: 'vi',
  timeZone: 'Asia/Ho_Chi_Minh',
  pointsRule: { every: 10_000, points: 1 },
};

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof ShopSettings)[];

export async function getSettings(tx: Tx): Promise<ShopSettings> {
  const rows = await tx.selectFrom('settings').select(['key', 'value']).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const result = { ...DEFAULT_SETTINGS };
  for (const k of KEYS) if (k in stored) (result as Record<string, unknown>)[k] = stored[k];
  return result;
}

export async function updateSettings(ctx: Ctx, input: ShopSettings): Promise<ShopSettings> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const k of KEYS) {
      const value = JSON.stringify(input[k]);
      await trx.insertInto('settings').values({ key: k, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    }
    await logChange(trx, 'settings', 'shop', 'update', ctx.now().toISOString());
  });
  return getSettings(ctx.db);
}
