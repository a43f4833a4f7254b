import { guessCountry } from '../../shared/country';
import type { SettingsData } from '../../shared/contract/core';
import type { ShopSettings } from '../../shared/domain';
import { logChange } from '../db/changeLog';
import { preparedQuery, type SyncDb } from '../db/prepared';
import type { Ctx, Tx } from './context';
import { putSettingRow } from '../db/settingRows';

/** What a shop reads before its setup; the setup screen proposes the browser's own language, currency and zone instead. */
export const DEFAULT_SETTINGS: ShopSettings = {
  shopName: 'My shop',
  currency: 'VND',
  locale: 'vi',
  timeZone: 'Asia/Ho_Chi_Minh',
  country: 'VN',
  pointsRule: { every: 10_000, points: 1 },
  pointsValue: null,
  pointsExpiryMonths: null,
  setupDone: false,
};

const SETUP_KEY = 'setupDone';
const KEYS = (Object.keys(DEFAULT_SETTINGS) as (keyof ShopSettings)[]).filter((k) => k !== SETUP_KEY);

export async function getSettings(tx: Tx): Promise<ShopSettings> {
  const settings = settingsFromRows(await tx.selectFrom('settings').select(['key', 'value']).execute());
  if (!settings.setupDone) settings.setupDone = await hasData(tx);
  return settings;
}

/** A shop that already keeps customers or sales (from an import, or an older version) is past its first day. */
async function hasData(tx: Tx): Promise<boolean> {
  const customer = await tx.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  if (customer) return true;
  return (await tx.selectFrom('sales').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Stored values over the defaults; a shop saved before `country` existed gets it from its time zone or currency.
 * A stored shop name means the shop was set up by a version that had no setup flag.
 */
export function settingsFromRows(rows: readonly { key: string; value: string }[]): ShopSettings {
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  const result = { ...DEFAULT_SETTINGS };
  for (const k of KEYS) if (k in stored) (result as Record<string, unknown>)[k] = stored[k];
  if (!('country' in stored)) result.country = guessCountry(result.currency, result.timeZone) ?? DEFAULT_SETTINGS.country;
  result.setupDone = stored[SETUP_KEY] === true || 'shopName' in stored;
  return result;
}

/**
 * The settings read, prepared once per connection, with the last rows read and what they gave:
 * every sale reads them, and building, compiling and preparing the query (~30 µs) then parsing
 * each row's JSON (~15 µs) cost more than the read. Rows unchanged give the same (frozen) answer.
 */
const settingsReads = new WeakMap<
  SyncDb['sqlite'],
  { read: () => { key: string; value: string }[]; rows: string; settings: ShopSettings | null }
>();

/** Shared between calls: a caller that changed it would change the next sale's settings, so nothing may. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The settings read synchronously, for the prepared path (an async read could deadlock inside a kysely transaction). */
export function readSettingsSync(k: SyncDb): ShopSettings {
  let memo = settingsReads.get(k.sqlite);
  if (!memo) {
    const stmt = preparedQuery(k, k.db.selectFrom('settings').select(['key', 'value']));
    settingsReads.set(k.sqlite, (memo = { read: () => stmt.all() as { key: string; value: string }[], rows: '', settings: null }));
  }
  const rows = memo.read();
  const text = rows.map((r) => `${r.key}\u0000${r.value}`).join('\u0001');
  if (memo.settings === null || text !== memo.rows) {
    memo.settings = deepFreeze(settingsFromRows(rows));
    memo.rows = text;
  }
  return memo.settings;
}

/** Without a country: one guessed from the time zone and currency, else the one the shop has. Saving settings completes the setup. */
export async function updateSettings(ctx: Ctx, data: SettingsData): Promise<ShopSettings> {
  const current = await getSettings(ctx.db);
  const input: ShopSettings = {
    ...data,
    country: data.country ?? guessCountry(data.currency, data.timeZone) ?? current.country,
    // Left out: kept as it is (screens and scripts older than points spending do not send it).
    pointsValue: data.pointsValue === undefined ? current.pointsValue : data.pointsValue,
    pointsExpiryMonths: data.pointsExpiryMonths === undefined ? current.pointsExpiryMonths : data.pointsExpiryMonths,
    setupDone: true,
  };
  const changed: string[] = [];
  await ctx.db.transaction().execute(async (trx) => {
    for (const k of [...KEYS, SETUP_KEY] as const) {
      await putSettingRow(trx, k, JSON.stringify(input[k]));
    }
    for (const k of [...KEYS, SETUP_KEY] as const) if (JSON.stringify(input[k]) !== JSON.stringify(current[k])) changed.push(k);
    await logChange(
      trx,
      'settings',
      0,
      'update',
      ctx.now().toISOString(),
      changed.map((f) => `shop.${f}`),
    );
  });
  return getSettings(ctx.db);
}
