/**
 * Tills for the sync tests: copies of one shop as a second and third till would be made, twins of
 * a till (the same install in another folder, to run one history through two transports), a
 * profile edit, and a digest of the business rows by global id that every till that has synced
 * everything must share.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { DB_FILE_NAME } from '../src/main/db/open';
import { INSTALL_MARKER, placeOf } from '../src/main/db/install';
import { gidText } from '../src/shared/gid';
import type { Customer } from '../src/shared/domain';
import { tempDir, type TestShop } from './helpers';

/** Closes the shop and copies its file alone into a fresh folder: a restored backup on another till (a new install). */
export async function copyOf(shop: TestShop): Promise<string> {
  await shop.backend.close();
  const dir = tempDir();
  fs.copyFileSync(path.join(shop.dir, DB_FILE_NAME), path.join(dir, DB_FILE_NAME));
  return dir;
}

/**
 * A closed till's folder copied and bound to its new place as the SAME install: the same history
 * to sync once through a folder and once through the hub, and compare. Not something a shop does.
 */
export function twin(dir: string): string {
  const into = tempDir();
  fs.copyFileSync(path.join(dir, DB_FILE_NAME), path.join(into, DB_FILE_NAME));
  fs.copyFileSync(path.join(dir, INSTALL_MARKER), path.join(into, INSTALL_MARKER));
  const db = new Database(path.join(into, DB_FILE_NAME));
  try {
    db.prepare('UPDATE installs SET bound_to = ? WHERE current = 1').run(placeOf(into));
  } finally {
    db.close();
  }
  return into;
}

export async function edit(shop: TestShop, id: string, patch: Partial<Customer>): Promise<void> {
  const { customer: c } = await shop.call('customers.get', { id });
  const next = { ...c, ...patch };
  await shop.call('customers.update', {
    id,
    data: {
      fullName: next.fullName,
      phone: next.phone,
      email: next.email,
      birthday: next.birthday,
      gender: next.gender,
      area: next.area,
      address: next.address,
      tags: next.tags,
      notes: next.notes,
      consent: next.consent,
      externalCode: next.externalCode,
    },
  });
}

/** The business rows by global id, and what they add up to: equal on every till that has synced everything. */
export async function digest(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const hex = (b: Uint8Array | null): string | null => (b ? gidText(b) : null);
  const customers = await db.selectFrom('customers').selectAll().orderBy('gid').execute();
  const cards = await db
    .selectFrom('cards as k')
    .innerJoin('customers as c', 'c.id', 'k.customer_id')
    .leftJoin('cards as r', 'r.id', 'k.replaced_by_card_id')
    .select(['k.gid', 'c.gid as customer', 'k.number', 'k.status', 'k.status_at', 'r.gid as replaced_by'])
    .orderBy('k.gid')
    .execute();
  const gid = sql<string>`i.id || ':' || coalesce(x.origin_key, x.id)`;
  const sales = await sql<
    Record<string, unknown>
  >`SELECT ${gid} AS gid, hex(c.gid) AS customer, x.total, x.points, x.sold_at, x.voided_at, x.void_reason, x.points_redeemed
    FROM sales x JOIN installs i ON i.key = x.origin LEFT JOIN customers c ON c.id = x.customer_id ORDER BY 1`.execute(db);
  const ledger = await sql<
    Record<string, unknown>
  >`SELECT ${gid} AS gid, hex(c.gid) AS customer, x.kind, x.points, CASE WHEN x.lot_debt IS NOT NULL THEN coalesce((SELECT o.remaining FROM point_lots o WHERE o.lot_id = x.id), 0) END AS remaining, x.expires_at
    FROM points_ledger x JOIN installs i ON i.key = x.origin JOIN customers c ON c.id = x.customer_id ORDER BY 1`.execute(db);
  const balances = await sql<Record<string, unknown>>`SELECT hex(c.gid) AS customer, sum(x.points) AS balance
    FROM points_ledger x JOIN customers c ON c.id = x.customer_id GROUP BY 1 ORDER BY 1`.execute(db);
  const stats = await sql<Record<string, unknown>>`SELECT hex(c.gid) AS customer, s.visits, s.spend, s.first_at, s.last_at
    FROM customer_stats s JOIN customers c ON c.id = s.customer_id ORDER BY 1`.execute(db);
  return {
    customers: customers.map(({ id: _id, merged_into: _m, gid: g, ...rest }) => ({ gid: hex(g), ...rest })),
    cards: cards.map((k) => ({ ...k, gid: hex(k.gid), customer: hex(k.customer), replaced_by: hex(k.replaced_by) })),
    sales: sales.rows,
    ledger: ledger.rows,
    balances: balances.rows,
    stats: stats.rows,
  };
}

/** What the owner's analysis screens count, at one moment: equal on tills that hold the same rows. */
export async function analysisDigest(shop: TestShop, at: string) {
  const saved = shop.clock.now;
  shop.clock.now = new Date(at);
  try {
    const rfm = await shop.call('rfm.compute', undefined);
    const lifecycle = await shop.call('lifecycle.counts', undefined);
    return { rfm, lifecycle: lifecycle.counts };
  } finally {
    shop.clock.now = saved;
  }
}
