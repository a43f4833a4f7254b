/**
 * The change log's entity kinds as stored (migration 0100): a small integer instead of the name in
 * every entry. Codes are forever: a new kind takes the next number, a retired one keeps its own.
 * `entity_id` is the row's local key; settings entries point to 0 and name in `data` the key, or
 * `key.field` for each field changed.
 */
export const ENTITY_CODES = {
  settings: 0,
  customer: 1,
  card: 2,
  sale: 3,
  points: 4,
  segment: 5,
  campaign: 6,
  coupon: 7,
  contact_export: 8,
  feedback: 9,
  customer_export: 10,
  customer_merge: 11,
  /** No row: entity_id 0, `data` names the export's folder. */
  shop_export: 12,
  tier_floor: 13,
  /** A customer's responsible staff member set or cleared (0094): entity_id is the customer's key. */
  customer_staff: 14,
  /** Sync applied another install's feed (issue 18): entity_id is that install's key; its time passes every time received. */
  sync: 15,
} as const;

export type EntityName = keyof typeof ENTITY_CODES;
export type EntityCode = (typeof ENTITY_CODES)[EntityName];

const NAMES = new Map<number, EntityName>(Object.entries(ENTITY_CODES).map(([name, code]) => [code, name as EntityName]));

/** The name of a stored code (sync feeds and the audit view show names); unknown codes throw. */
export function entityName(code: number): EntityName {
  const name = NAMES.get(code);
  if (name === undefined) throw new Error(`unknown change-log entity code ${code}`);
  return name;
}
