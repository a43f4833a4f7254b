/**
 * The fast paths of a feed's apply on real shop files: which purchases and ledger rows are here
 * already is read in key ranges (FactIndex), split where keys are far apart, lineage rows found by
 * their own key; statements run on the raw handle still roll back with the feed's transaction.
 */
import { describe, expect, it } from 'vitest';
import { immediateTransaction } from '../src/main/db/busy';
import { applyFeed, WaitingFor } from '../src/main/sync/apply';
import { CUSTOMER_FIELDS } from '../src/main/sync/entries';
import { FactIndex } from '../src/main/sync/factIndex';
import { encodeFeed } from '../src/main/sync/feedFile';
import { count, openShop } from './helpers';

const OTHER = '01936b2e-0000-7000-8000-0000000000ee';

describe('applying a feed fast', () => {
  it('finds the purchases already here in range reads: its own by key, far-apart keys in separate ranges, others absent', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Phan Thị Hồng' });
    for (let i = 0; i < 3; i++) await shop.call('sales.record', { customerId: c.id, amount: 10_000 + i });
    const db = shop.backend.ctx.db;
    const me = shop.backend.database.install.id;
    const { key: origin } = await db.selectFrom('installs').select('key').where('current', '=', 1).executeTakeFirstOrThrow();
    const keys = (await db.selectFrom('sales').select('id').orderBy('id').execute()).map((r) => r.id);
    const index = new FactIndex(db);
    await index.prefetch('sales', me, origin, [keys[0]!, keys[2]!, 5_000, 5_001]);
    expect(index.get('sales', [me, keys[0]!])).toBe(keys[0]);
    // Read as part of the range [first, last]: found though not asked for.
    expect(index.get('sales', [me, keys[1]!])).toBe(keys[1]);
    expect(index.get('sales', [me, 5_000])).toBeNull();
    // Between the two ranges, nothing was read: the database is asked.
    expect(index.get('sales', [me, 3_000])).toBeUndefined();
    await index.prefetch('sales', OTHER, undefined, [1, 2]);
    expect(index.get('sales', [OTHER, 1])).toBeNull();
  });

  it('rolls back purchases written through the raw handle when a later entry waits', async () => {
    const shop = await openShop();
    const c = await shop.call('customers.create', { fullName: 'Vũ Minh Khoa' });
    const before = await count(shop, 'sales');
    const sale = (key: number, card: string | null) => ({
      t: 'sale',
      sale: {
        id: [OTHER, key],
        customer: c.id,
        card,
        total: 50_000,
        points: 5,
        note: null,
        sold_at: 1_764_000_000_000,
        created_at: 1_764_000_000_000,
        voided_at: null,
        void_reason: null,
        source: null,
        receipt_ref: null,
        amount_before: null,
        points_redeemed: 0,
        redeemed_value: 0,
      },
    });
    const feed = encodeFeed(OTHER, 1, [
      { t: 'installs', list: [{ id: OTHER, tag: 7 }] },
      sale(1, null),
      sale(2, null),
      // A card this till has never seen: the feed waits, whole.
      sale(3, '01936b2e-0000-7000-8000-0000000000cc'),
      { t: 'marks', change_seq: 1, sale_key: 3, ledger_key: 0, hlc: 1 },
    ]);
    await expect(applyFeed(shop.backend.ctx.db, feed, Date.now())).rejects.toBeInstanceOf(WaitingFor);
    expect(await count(shop, 'sales')).toBe(before);
    // The transaction is closed: the shop writes normally afterwards.
    await immediateTransaction(shop.backend.ctx.db, async () => undefined);
    await shop.call('sales.record', { customerId: c.id, amount: 20_000 });
    expect(await count(shop, 'sales')).toBe(before + 1);
  });
});

describe('a customer entry’s field pairs', () => {
  it('are checked as strictly as before: a bad value or clock refuses the feed, naming the field', async () => {
    const shop = await openShop();
    const install = '01936b2e-0000-7000-8000-0000000000ef';
    const good: [string | number | null, [number, string]] = ['x', [1, install]];
    const customer = (patch: Record<string, unknown>) => ({
      t: 'customer',
      gid: '01936b2e-0000-7000-8000-0000000000c2',
      code: 'C7-000001',
      created_at: '2026-11-25T00:00:00.000Z',
      fields: { ...Object.fromEntries(CUSTOMER_FIELDS.map((f) => [f, good])), ...patch },
    });
    const attempt = (patch: Record<string, unknown>) =>
      applyFeed(
        shop.backend.ctx.db,
        encodeFeed(install, 1, [
          { t: 'installs', list: [{ id: install, tag: 7 }] },
          customer(patch),
          { t: 'marks', change_seq: 1, sale_key: 0, ledger_key: 0, hlc: 1 },
        ]),
        Date.now(),
      );
    for (const bad of [
      { area: [1.5, [1, install]] },
      { area: [{}, [1, install]] },
      { area: ['x', [-1, install]] },
      { area: ['x', [1, 'not-an-install']] },
      { area: ['x', [1]] },
      { area: ['x'] },
      { area: 'x' },
      { area: undefined },
    ])
      await expect(attempt(bad), JSON.stringify(bad)).rejects.toThrow(/entry 2 .*fields\.area/);
    expect(await count(shop, 'customers')).toBe(0);
  });
});
