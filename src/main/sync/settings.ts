/**
 * Shop-wide settings in feeds (issue 18): each key travels whole with its clock, the latest
 * settings entry of the change log naming it, and the later clock wins per key on every install.
 *
 * Only the keys listed in SHOP_WIDE travel: an allow-list, not a deny-list, because a key added
 * later (a folder, a device's access, anything about one computer or about security) must stay on
 * its till until someone decides it is the shop's; a deny-list would send it to every till the day
 * it is added. Never sent, and why:
 * - `syncFolder`, `syncLast`: a path on this computer and this till's last result (services/syncNow.ts);
 * - `backupFolder`: the second backup folder, a path (services/backups/folders.ts);
 * - `lanAccess`: whether this computer serves the LAN (services/lanAccess.ts);
 * - `setupDone`: whether this file went through the setup screen;
 * - `customerImport.mapping.*`: the last column mapping of a file shape imported on this computer;
 * - `receiptLayout`: the address and footer printed on receipts, a branch's own in a chain (each prints its address).
 * PINs, staff accounts and sessions are not settings rows at all (services/staff) and never travel here.
 *
 * A key a newer version shares and this one does not know is skipped, not refused: the feed still
 * applies. Applying writes the stored value only: a rule changed on another till applies to
 * purchases made after it arrives, as a local change would (issue 16); nothing already recorded
 * (points earned, lots' expiry) is recomputed.
 */
import { z } from 'zod';
import { ENTITY_CODES } from '../db/entities';
import { EARNING_RULE_KEY } from '../services/points/earning';
import { TIER_RULE_KEY } from '../services/tiers';
import type { Clock } from './entries';
import { clockAfter } from './logClocks';
import { zInt, zUuid, type ApplyKit, type ExportRange } from './kit';
import type { Tx } from '../services/context';
import { putSettingRow } from '../db/settingRows';

/** Stored key → the name its change-log entries give it (settings.ts logs `shop.<key>`, ruleSettings.ts `<key>` or `<key>.<field>`). */
export const SHOP_WIDE: Readonly<Record<string, string>> = {
  shopName: 'shop.shopName',
  currency: 'shop.currency',
  locale: 'shop.locale',
  timeZone: 'shop.timeZone',
  country: 'shop.country',
  pointsRule: 'shop.pointsRule',
  pointsValue: 'shop.pointsValue',
  pointsExpiryMonths: 'shop.pointsExpiryMonths',
  [TIER_RULE_KEY]: TIER_RULE_KEY,
  [EARNING_RULE_KEY]: EARNING_RULE_KEY,
  followUpRule: 'followUpRule',
  lifecycleRule: 'lifecycleRule',
};

const LOGGED_AS = new Map(Object.entries(SHOP_WIDE));
const BY_LOGGED = new Map(Object.entries(SHOP_WIDE).map(([key, logged]) => [logged, key]));

/** The shop-wide key a logged name is about (`shop.currency`, `tierRule`, `tierRule.tiers`), or null. */
export function sharedKeyOf(logged: string): string | null {
  const whole = BY_LOGGED.get(logged);
  if (whole !== undefined) return whole;
  const dot = logged.indexOf('.');
  if (dot <= 0) return null;
  const head = logged.slice(0, dot);
  return LOGGED_AS.get(head) === head ? head : null;
}

export interface SettingEntry {
  t: 'setting';
  key: string;
  /** The stored JSON, or null when the key is not set at the writer. */
  value: string | null;
  hlc: number;
  install: string;
}

const json = z.string().refine((s) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}, 'expected a value as JSON');

export const settingEntrySchema = z.object({
  t: z.literal('setting'),
  key: z.string().min(1).max(200),
  value: json.nullable(),
  hlc: zInt.min(0),
  install: z.union([zUuid, z.literal('')]),
});

const NONE: Clock = [0, ''];

/** Each shop-wide key's clock (partial index change_log_settings, 0108). */
export async function settingClocks(trx: Tx, installIds: ReadonlyMap<number, string>): Promise<Map<string, Clock>> {
  const out = new Map<string, Clock>();
  const rows = await trx.selectFrom('change_log').select(['hlc', 'origin', 'data']).where('entity', '=', ENTITY_CODES.settings).execute();
  for (const r of rows) {
    if (!r.data) continue;
    const clock: Clock = [r.hlc, installIds.get(r.origin) ?? ''];
    for (const name of JSON.parse(r.data) as string[]) {
      const key = sharedKeyOf(name);
      if (key !== null && clockAfter(clock, out.get(key) ?? NONE)) out.set(key, clock);
    }
  }
  return out;
}

/** The shop-wide keys this install's own entries changed since its last feed (the first feed: every one stored). */
export async function exportSettings(r: ExportRange): Promise<SettingEntry[]> {
  let keys: Set<string>;
  if (r.first) keys = new Set(Object.keys(SHOP_WIDE));
  else {
    keys = new Set();
    const rows = await r.trx
      .selectFrom('change_log')
      .select('data')
      .where('entity', '=', ENTITY_CODES.settings)
      .where('origin', '=', r.current)
      .where('seq', '>', r.from)
      .where('seq', '<=', r.to)
      .execute();
    for (const row of rows) for (const name of row.data ? (JSON.parse(row.data) as string[]) : []) keys.add(sharedKeyOf(name) ?? '');
    keys.delete('');
    if (keys.size === 0) return [];
  }
  const clocks = await settingClocks(r.trx, r.installIds);
  const stored = new Map(
    (
      await r.trx
        .selectFrom('settings')
        .select(['key', 'value'])
        .where('key', 'in', [...keys])
        .execute()
    ).map((s) => [s.key, s.value]),
  );
  const out: SettingEntry[] = [];
  for (const key of [...keys].sort()) {
    const value = stored.get(key) ?? null;
    const [hlc, install] = clocks.get(key) ?? NONE;
    // Unset and never logged: nothing to say.
    if (value === null && hlc === 0) continue;
    out.push({ t: 'setting', key, value, hlc, install });
  }
  return out;
}

/** Per feed: the keys' clocks read once, kept up to date as entries apply. */
export function settingApplier(kit: ApplyKit) {
  let clocks: Map<string, Clock> | null = null;
  return async (e: SettingEntry): Promise<boolean> => {
    const logged = LOGGED_AS.get(e.key);
    // A key this version does not share, or a clock of no known install: skipped.
    if (logged === undefined || e.install === '') return false;
    clocks ??= await settingClocks(kit.trx, kit.installIds);
    const clock: Clock = [e.hlc, e.install];
    if (!clockAfter(clock, clocks.get(e.key) ?? NONE)) return false;
    await putSettingRow(kit.trx, e.key, e.value);
    await kit.log('settings', 0, 'update', e.hlc, kit.installKey(e.install), [logged]);
    clocks.set(e.key, clock);
    return true;
  };
}
