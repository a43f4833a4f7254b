/**
 * The audit log carried by sync (issue 19): three real shop files (copies of one shop, as a second
 * and third till would be made) and one real folder. Every till ends with every till's rows, named by
 * (origin install, seq there); a purchase's row points at the purchase here; an account another till
 * made shows by the name that till sent. Several sync orders, and a replay of every feed twice.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { newSession, type Session } from '../src/main/api/session';
import { alone, finishRun, startRun } from '../src/main/services/importRuns';
import { listAudit, writeAudit } from '../src/main/services/staff/audit';
import { FolderStore } from '../src/main/sync/folderStore';
import { syncWith, type SyncReport } from '../src/main/sync/sync';
import type { Method, MethodInput, MethodOutput } from '../src/shared/contract';
import { openShop, tempDir, type TestShop } from './helpers';
import { copyOf } from './syncTills';

const sync = (shop: TestShop, folder: string): Promise<SyncReport> =>
  syncWith(shop.backend.ctx.db, new FolderStore(folder), shop.backend.ctx.now);

/** A window's calls with its session (who is signed in there), as the transports make them. */
function windowOf(shop: TestShop, session: Session = newSession()) {
  return async <M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const r = await dispatch(shop.backend.ctx, method, input, session);
    if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
    return r.value as never;
  };
}

const STRANGER = '0190b6a0-0000-7000-8000-00000000beef';

/**
 * Till A: the owner Lan, a customer X and a sale; B and C copies of it. Then, before any sync: B's
 * owner makes an account Bình, who sells to X and voids it; C sells from the command line and logs a
 * row for an account C does not know; A sells again.
 */
async function threeTills() {
  let a = await openShop();
  const aw = windowOf(a);
  await aw('staff.setupOwner', { name: 'Lan', pin: '1234' });
  await aw('staff.signIn', { pin: '1234' });
  const x = await aw('customers.create', { fullName: 'Nguyễn Thị Ánh' });
  await aw('sales.record', { customerId: x.id, amount: 120_000 });
  const aDir = a.dir;
  let b = await openShop({ dir: await copyOf(a) });
  const c = await openShop({ dir: await copyOf(b) });
  b = await openShop({ dir: b.dir });
  a = await openShop({ dir: aDir });

  b.clock.now = new Date('2026-11-25T04:00:00Z');
  const bOwner = windowOf(b);
  await bOwner('staff.signIn', { pin: '1234' });
  await bOwner('staff.create', { name: 'Bình', role: 'staff', pin: '5555' });
  const binh = windowOf(b);
  await binh('staff.signIn', { pin: '5555' });
  const bSale = (await binh('sales.record', { customerId: x.id, amount: 80_000 })).sale;
  await binh('sales.void', { saleId: bSale.id, reason: 'wrong customer' });

  c.clock.now = new Date('2026-11-25T04:10:00Z');
  await c.call('sales.record', { customerId: null, amount: 30_000 });
  writeAudit(c.backend.ctx, { staffId: STRANGER, staffName: null, via: 'app', action: 'staff.signOut', detail: {} });

  a.clock.now = new Date('2026-11-25T04:20:00Z');
  const aAgain = windowOf(a);
  await aAgain('staff.signIn', { pin: '1234' });
  await aAgain('sales.record', { customerId: x.id, amount: 45_000 });
  // Let the queued rows (sign-ins, the void) reach the files.
  await new Promise((r) => setTimeout(r, 30));
  return { a, b, c, x, folder: tempDir('regulars-sync-') };
}

/** Every audit row by global id, with what it says in terms every till shares (purchases by global id, accounts by name). */
async function auditDigest(shop: TestShop) {
  const db = shop.backend.ctx.db;
  const rows = (
    await sql<{
      gid: string;
      at: number;
      staff: string | null;
      who: string | null;
      cli: number;
      action: number;
      sale: string | null;
      detail: string | null;
      approved_by: string | null;
    }>`SELECT i.id || ':' || coalesce(a.origin_key, a.seq) AS gid, a.at, hex(a.staff) AS staff,
        coalesce(a.staff_name, st.name) AS who, a.cli, a.action,
        si.id || ':' || coalesce(s.origin_key, s.id) AS sale, a.detail, a.approved_by
      FROM audit_log a JOIN installs i ON i.key = a.origin
      LEFT JOIN staff st ON lower(hex(a.staff)) = lower(replace(st.id, '-', ''))
      LEFT JOIN sales s ON s.id = a.sale LEFT JOIN installs si ON si.key = s.origin
      ORDER BY 1`.execute(db)
  ).rows;
  // A purchase named in the detail by this till's key: by its global id instead.
  const globalOf = async (key: unknown): Promise<unknown> => {
    if (typeof key !== 'string') return key;
    const r = await sql<{ g: string }>`SELECT i.id || ':' || coalesce(s.origin_key, s.id) AS g
      FROM sales s JOIN installs i ON i.key = s.origin WHERE s.id = ${Number(key)}`.execute(db);
    return r.rows[0]?.g ?? key;
  };
  const out = [];
  for (const r of rows) {
    const detail = r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>);
    if (detail && 'saleId' in detail) detail.saleId = await globalOf(detail.saleId);
    if (detail && detail.id && r.action === 2) detail.id = await globalOf(detail.id);
    out.push({ ...r, detail });
  }
  return out;
}

async function converge(tills: TestShop[], order: number[], folder: string) {
  for (const i of order) await sync(tills[i]!, folder);
  for (let round = 0; round < 4; round++) {
    let moved = false;
    for (const t of tills) {
      const r = await sync(t, folder);
      expect(r.problems).toEqual([]);
      if (r.exported.seq !== null || r.applied.length > 0) moved = true;
    }
    if (!moved) break;
  }
  const first = await auditDigest(tills[0]!);
  for (const t of tills.slice(1)) expect(await auditDigest(t)).toEqual(first);
  return first;
}

const ORDERS = [
  [0, 1, 2],
  [2, 1, 0],
  [1, 2, 0],
];

describe('the audit log in sync', () => {
  it.each(ORDERS)(
    'reaches every till, each row once, with its till, its person and its purchase (order %j)',
    async (...order) => {
      const { a, b, c, x, folder } = await threeTills();
      const before = {
        a: await auditDigest(a),
        b: await auditDigest(b),
        c: await auditDigest(c),
      };
      const all = await converge([a, b, c], order, folder);
      // Nothing lost, nothing doubled: the union of what each till had, the rows made before the copies once.
      const union = new Set([...before.a, ...before.b, ...before.c].map((r) => r.gid));
      expect(all.map((r) => r.gid)).toEqual([...union].sort());

      // On A: B's sale by Bình (an account A has never had) and its void, C's rows, each with its till.
      const { entries } = await listAudit(a.backend.ctx, { limit: 500 });
      const bSaleRow = entries.find((e) => e.action === 'sales.record' && e.till === 2)!;
      expect(bSaleRow).toMatchObject({ staffName: 'Bình', via: 'app', detail: { customerId: x.id, amount: 80_000 } });
      const bSale = await a.call('sales.forCustomer', { customerId: x.id, limit: 10, offset: 0 });
      const voided = bSale.find((s) => s.voidedAt !== null)!;
      // The row points at the purchase as A knows it.
      expect(bSaleRow.detail.id).toBe(voided.id);
      const voidRow = entries.find((e) => e.action === 'sales.void')!;
      expect(voidRow).toMatchObject({ till: 2, staffName: 'Bình', detail: { id: voided.id, saleId: voided.id } });
      const stranger = entries.find((e) => e.action === 'staff.signOut' && e.till === 3)!;
      // C did not know the account either: shown as "staff of till 3" (the page's words).
      expect(stranger).toMatchObject({ staffId: STRANGER, staffName: null, till: 3 });
      expect(
        entries
          .filter((e) => e.action === 'sales.record')
          .map((e) => e.till)
          .sort(),
      ).toEqual([1, 1, 2, 3]);
      // Newest first by when it was done, whatever order the rows arrived in.
      const times = entries.map((e) => e.at);
      expect(times).toEqual([...times].sort().reverse());

      // A replay of every feed, twice, changes nothing.
      for (const shop of [a, b, c]) {
        for (let i = 0; i < 2; i++) {
          await shop.backend.ctx.db.deleteFrom('sync_peers').execute();
          const replay = await sync(shop, folder);
          expect(replay.applied.length).toBeGreaterThan(0);
          for (const r of replay.applied) expect(r.audit ?? 0).toBe(0);
          expect(await auditDigest(shop)).toEqual(all);
        }
      }
    },
    60_000,
  );

  it('holds a purchase’s row back while an import holds the purchase back, and sends both once it is done', async () => {
    let a = await openShop();
    await a.call('sales.record', { customerId: null, amount: 10_000 });
    const aDir = a.dir;
    const b = await openShop({ dir: await copyOf(a) });
    a = await openShop({ dir: aDir });
    const folder = tempDir('regulars-sync-');
    await sync(a, folder);
    await sync(b, folder);
    // An import under way (its run recorded, as importRuns.ts does first): sync takes nothing written after it began.
    const bulk = { db: a.backend.ctx.db, sqlite: a.backend.ctx.sqlite! };
    const run = await alone(bulk, () => startRun(bulk, 'sales', 'import: till'));
    const { sale } = await a.call('sales.record', { customerId: null, amount: 20_000 });
    await a.call('customers.create', { fullName: 'Lê Thị Cúc' });
    const held = await sync(a, folder);
    expect(held.exported.seq).toBeNull();
    // B sells too (its keys move on), and has nothing to wait for: no row naming a purchase it cannot have.
    await b.call('sales.record', { customerId: null, amount: 5_000 });
    const meanwhile = await sync(b, folder);
    expect(meanwhile.waiting).toEqual([]);
    await finishRun(bulk, run);
    const sent = await sync(a, folder);
    expect(sent.exported).toMatchObject({ sales: 1, customers: 1, audit: 2 });
    const got = await sync(b, folder);
    expect(got.problems).toEqual([]);
    const { entries } = await listAudit(b.backend.ctx, { action: 'sales.record', limit: 10 });
    const mine = entries.find((e) => e.detail.amount === 20_000)!;
    expect(mine.till).toBe(1);
    // It points at the purchase as B knows it.
    const local = (await b.call('sales.today', {})).sales.find((x) => x.amount === 20_000)!;
    expect(mine.detail.id).toBe(local.id);
    expect(local.id).not.toBe(sale.id);
  }, 30_000);

  it('sends each row once: a later feed carries only the rows written since', async () => {
    const { a, b, folder } = await threeTills();
    const first = await sync(a, folder);
    expect(first.exported.audit).toBeGreaterThan(0);
    await sync(b, folder);
    await a.call('customers.create', { fullName: 'Trần Văn Bảo' });
    await new Promise((r) => setTimeout(r, 20));
    const next = await sync(a, folder);
    expect(next.exported.audit).toBe(1);
    const applied = await sync(b, folder);
    expect(applied.applied.reduce((n, r) => n + (r.audit ?? 0), 0)).toBe(1);
  }, 30_000);
});
