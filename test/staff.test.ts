/** Staff accounts, PINs, roles in dispatch and the audit log (issue 19), through the real dispatch. */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/main/api/dispatch';
import { newSession, type Session } from '../src/main/api/session';
import { pinMatches, writeAudit } from '../src/main/services/staff';
import type { Method, MethodInput, MethodOutput } from '../src/shared/contract';
import type { ApiError } from '../src/shared/errors';
import { createHttpServer, listen } from '../src/main/transport/http';
import { openShop, type TestShop } from './helpers';

type Shop = TestShop;

const SETTINGS = {
  shopName: 'Test shop',
  currency: 'VND',
  locale: 'vi',
  timeZone: 'Asia/Ho_Chi_Minh',
  pointsRule: { every: 10_000, points: 1 },
} as const;

/** A window's calls: dispatch with its session, as the transports make them. */
function windowOf(shop: Shop, session: Session = newSession()) {
  return {
    session,
    async call<M extends Method>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      const r = await dispatch(shop.backend.ctx, method, input, session);
      if (!r.ok) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
      return r.value as never;
    },
    async fail<M extends Method>(method: M, input: unknown): Promise<ApiError> {
      const r = await dispatch(shop.backend.ctx, method, input, session);
      if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
      return r.error;
    },
  };
}

async function shopWithStaff() {
  const shop = await openShop();
  const owner = windowOf(shop);
  const me = await owner.call('staff.setupOwner', { name: 'Lan', pin: '1234' });
  const anh = await owner.call('staff.create', { name: 'Anh', role: 'staff', pin: '5555' });
  const minh = await owner.call('staff.create', { name: 'Minh', role: 'manager', pin: '7777' });
  return { shop, owner, me, anh, minh };
}

describe('a shop without accounts', () => {
  it('allows everything to a window, as before', async () => {
    const shop = await openShop();
    const w = windowOf(shop);
    expect(await w.call('staff.status', {})).toEqual({ accountsExist: false, signedIn: null });
    await w.call('settings.update', { ...SETTINGS, shopName: 'Still mine' });
    const c = await w.call('customers.create', { fullName: 'Hoa' });
    await w.call('points.adjust', { customerId: c.id, points: 5, reason: 'gift' });
  });
});

describe('accounts and PINs', () => {
  it('stores a PIN only as a salted scrypt hash, and refuses a second owner set-up', async () => {
    const { shop, owner } = await shopWithStaff();
    const rows = await shop.backend.ctx.db.selectFrom('staff').select(['name', 'pin_hash']).execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.pin_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(r.pin_hash).not.toContain('1234');
    }
    expect(await pinMatches('1234', rows.find((r) => r.name === 'Lan')!.pin_hash)).toBe(true);
    expect(await pinMatches('1235', rows.find((r) => r.name === 'Lan')!.pin_hash)).toBe(false);
    expect((await owner.fail('staff.setupOwner', { name: 'X', pin: '9999' })).code).toBe('STAFF_ALREADY_SET_UP');
  });

  it('keeps PINs unique in the shop', async () => {
    const { owner, anh } = await shopWithStaff();
    expect(await owner.fail('staff.create', { name: 'Bao', role: 'staff', pin: '7777' })).toMatchObject({
      code: 'PIN_TAKEN',
      field: 'pin',
    });
    expect((await owner.fail('staff.update', { id: anh.id, pin: '1234' })).code).toBe('PIN_TAKEN');
    // Their own PIN again is not "taken".
    await owner.call('staff.update', { id: anh.id, pin: '5555' });
  });

  it('refuses a PIN that is not 4 to 8 digits (a card number is never a PIN)', async () => {
    const { owner } = await shopWithStaff();
    for (const pin of ['123', '123456789', '12a4', '2600000000017'])
      expect(await owner.fail('staff.signIn', { pin }), pin).toMatchObject({ code: 'VALIDATION', field: 'pin', params: { reason: 'pin' } });
  });

  it('keeps the last owner', async () => {
    const { owner, me } = await shopWithStaff();
    expect((await owner.fail('staff.update', { id: me.id, role: 'staff' })).code).toBe('STAFF_LAST_OWNER');
    expect((await owner.fail('staff.update', { id: me.id, active: false })).code).toBe('STAFF_LAST_OWNER');
  });
});

describe('roles in dispatch', () => {
  it('asks a new window to sign in, then lets staff work the counter but not the owner’s pages', async () => {
    const { shop } = await shopWithStaff();
    const till = windowOf(shop);
    expect(await till.call('settings.get', {})).toMatchObject({ shopName: 'Test shop' });
    expect((await till.fail('customers.search', { query: '' })).code).toBe('SIGN_IN_REQUIRED');
    // Refused before the input is read: a signed-out caller learns nothing from validation.
    expect((await till.fail('customers.create', { name: 42 })).code).toBe('SIGN_IN_REQUIRED');
    expect(await till.call('staff.signIn', { pin: '5555' })).toEqual({
      accountsExist: true,
      signedIn: { id: expect.any(String), name: 'Anh', role: 'staff' },
    });
    const c = await till.call('customers.create', { fullName: 'Hoa' });
    await till.call('sales.record', { customerId: c.id, amount: 50_000 });
    for (const [m, input] of [
      ['settings.update', { ...SETTINGS, shopName: 'Mine now' }],
      ['points.adjust', { customerId: c.id, points: 5, reason: 'x' }],
      ['exports.contactsCount', { selection: { kind: 'all' } }],
      ['staff.list', {}],
      ['audit.list', {}],
    ] as const)
      expect((await till.fail(m, input)).code, m).toBe('OWNER_ONLY');
    // The command line (no session) is never asked.
    await shop.call('points.adjust', { customerId: c.id, points: 5, reason: 'from the CLI' });
  });

  it('signs a deactivated person out at their next call', async () => {
    const { shop, owner, anh } = await shopWithStaff();
    const till = windowOf(shop);
    await till.call('staff.signIn', { pin: '5555' });
    await owner.call('staff.update', { id: anh.id, active: false });
    expect((await till.fail('customers.search', { query: '' })).code).toBe('SIGN_IN_REQUIRED');
    expect((await till.fail('staff.signIn', { pin: '5555' })).code).toBe('PIN_WRONG');
  });

  it('lets staff void today’s sale, and yesterday’s only with a manager’s PIN, once', async () => {
    const { shop } = await shopWithStaff();
    const till = windowOf(shop);
    await till.call('staff.signIn', { pin: '5555' });
    const { sale: yesterday } = await till.call('sales.record', { amount: 20_000 });
    const { sale: other } = await till.call('sales.record', { amount: 30_000 });
    shop.clock.now = new Date(shop.clock.now.getTime() + 86_400_000);
    const { sale: today } = await till.call('sales.record', { amount: 10_000 });
    await till.call('sales.void', { saleId: today.id, reason: 'typo' });
    expect(await till.fail('sales.void', { saleId: yesterday.id, reason: 'typo' })).toMatchObject({ code: 'OWNER_ONLY' });
    // A staff PIN approves nothing; a wrong PIN neither.
    expect((await till.fail('staff.approve', { pin: '5555', method: 'sales.void' })).code).toBe('OWNER_ONLY');
    expect((await till.fail('staff.approve', { pin: '0000', method: 'sales.void' })).code).toBe('PIN_WRONG');
    expect(await till.call('staff.approve', { pin: '7777', method: 'sales.void' })).toEqual({ approvedBy: 'Minh' });
    await till.call('sales.void', { saleId: yesterday.id, reason: 'refund' });
    // One call only.
    expect((await till.fail('sales.void', { saleId: other.id, reason: 'again' })).code).toBe('OWNER_ONLY');

    const owner = windowOf(shop);
    await owner.call('staff.signIn', { pin: '1234' });
    await owner.call('sales.void', { saleId: other.id, reason: 'owner' });
    const { entries } = await owner.call('audit.list', { action: 'sales.void' });
    expect(entries.map((e) => [e.staffName, e.approvedBy, e.detail.saleId])).toEqual([
      ['Lan', null, other.id],
      ['Anh', 'Minh', yesterday.id],
      ['Anh', null, today.id],
    ]);
  });

  it('slows wrong PINs down for the whole shop, with growing waits', async () => {
    const { shop } = await shopWithStaff();
    const a = windowOf(shop);
    const b = windowOf(shop);
    for (let i = 0; i < 3; i++) expect((await a.fail('staff.signIn', { pin: '0000' })).code).toBe('PIN_WRONG');
    expect((await a.fail('staff.signIn', { pin: '0001' })).code).toBe('PIN_WRONG');
    // The fourth wrong PIN earned a 2 s wait, in every window, even for the right PIN.
    expect(await b.fail('staff.signIn', { pin: '5555' })).toMatchObject({ code: 'PIN_WAIT', params: { seconds: 2 } });
    shop.clock.now = new Date(shop.clock.now.getTime() + 2_000);
    expect((await b.fail('staff.signIn', { pin: '0002' })).code).toBe('PIN_WRONG');
    expect(await b.fail('staff.signIn', { pin: '5555' })).toMatchObject({ code: 'PIN_WAIT', params: { seconds: 4 } });
    shop.clock.now = new Date(shop.clock.now.getTime() + 4_000);
    await b.call('staff.signIn', { pin: '5555' });
    // A right PIN clears the count.
    for (let i = 0; i < 3; i++) expect((await a.fail('staff.signIn', { pin: '0000' })).code).toBe('PIN_WRONG');
  });
});

describe('the audit log', () => {
  it('records sign-ins, failed PINs and changes with who and ids, never a name or phone; reads are not logged', async () => {
    const { shop } = await shopWithStaff();
    const till = windowOf(shop);
    await till.fail('staff.signIn', { pin: '4321' });
    await till.call('staff.signIn', { pin: '5555' });
    const c = await till.call('customers.create', { fullName: 'Nguyễn Thị Hoa', phone: '0912 345 678' });
    await till.call('customers.search', { query: 'Hoa' });
    const { sale } = await till.call('sales.record', { customerId: c.id, amount: 50_000 });
    const owner = windowOf(shop);
    await owner.call('staff.signIn', { pin: '1234' });
    const { entries } = await owner.call('audit.list', {});
    const mine = [...entries].reverse();
    // The set-up first (no window signed in yet when the owner was made); audit.list itself is a read: not logged.
    expect(mine.map((e) => [e.action, e.staffName, e.via])).toEqual([
      ['settings.update', null, 'cli'],
      ['staff.setupOwner', 'Lan', 'app'],
      ['staff.create', 'Lan', 'app'],
      ['staff.create', 'Lan', 'app'],
      ['staff.pinFailed', null, 'app'],
      ['staff.signIn', 'Anh', 'app'],
      ['customers.create', 'Anh', 'app'],
      ['sales.record', 'Anh', 'app'],
      ['staff.signIn', 'Lan', 'app'],
    ]);
    const saleRow = mine.find((e) => e.action === 'sales.record')!;
    expect(saleRow.detail).toMatchObject({ id: sale.id, customerId: c.id, amount: 50_000 });
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Hoa');
    // Not even part of the phone (the digits, not '345' alone: a random UUID's hex may hold those).
    expect(text).not.toContain('345 678');
    expect(text).not.toContain('345678');
    // Filters: by person.
    const anhs = await owner.call('audit.list', { staffId: mine.find((e) => e.staffName === 'Anh')!.staffId! });
    expect(new Set(anhs.entries.map((e) => e.staffName))).toEqual(new Set(['Anh']));
  });

  it('is written right after the call answers, and never inside another open transaction', async () => {
    const shop = await openShop();
    const { ctx } = shop.backend;
    const n = (): number => (ctx.sqlite!.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    await new Promise((r) => setImmediate(r));
    const before = n();
    await shop.call('customers.create', { fullName: 'Hoa' });
    await new Promise((r) => setImmediate(r));
    expect(n()).toBe(before + 1);
    // A transaction is open when the flush comes: the row waits for it, and survives its rollback.
    ctx.sqlite!.exec('BEGIN');
    writeAudit(ctx, { staffId: null, staffName: null, via: 'app', action: 'staff.pinFailed', detail: {} });
    await new Promise((r) => setTimeout(r, 10));
    ctx.sqlite!.exec('ROLLBACK');
    await new Promise((r) => setTimeout(r, 80));
    expect(n()).toBe(before + 2);
  });

  it('is append-only', async () => {
    const { shop } = await shopWithStaff();
    const db = shop.backend.ctx.db;
    await expect(db.updateTable('audit_log').set({ action: 0 }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });

  it('pages newest first', async () => {
    const { owner } = await shopWithStaff();
    const first = await owner.call('audit.list', { limit: 2 });
    expect(first.entries).toHaveLength(2);
    expect(first.more).toBe(true);
    const next = await owner.call('audit.list', { limit: 2, before: first.entries[1]!.seq });
    expect(next.entries[0]!.seq).toBeLessThan(first.entries[1]!.seq);
  });
});

describe('a forgotten owner PIN', () => {
  it('is reset from the command line by whoever has the shop’s files, and logged', async () => {
    const { shop } = await shopWithStaff();
    const dir = shop.dir;
    await shop.backend.close();
    const { resetOwnerPinCommand } = await import('../src/main/cli/resetOwnerPin');
    const lines: string[] = [];
    const usage = (m: string): Error => new Error(m);
    await expect(
      resetOwnerPinCommand(
        ['--data-dir', dir],
        (s) => lines.push(s),
        (v) => v!,
        usage,
        async () => '12',
      ),
    ).rejects.toThrow(/4 to 8/);
    // Another person's PIN is not taken over.
    await expect(
      resetOwnerPinCommand(
        ['--data-dir', dir],
        (s) => lines.push(s),
        (v) => v!,
        usage,
        async () => '5555',
      ),
    ).rejects.toThrow(/PIN/);
    expect(
      await resetOwnerPinCommand(
        ['--data-dir', dir],
        (s) => lines.push(s),
        (v) => v!,
        usage,
        async () => '2468\n',
      ),
    ).toBe(0);
    expect(lines.at(-1)).toMatch(/Lan/);
    const again = await openShop({ dir });
    const w = windowOf(again);
    expect((await w.fail('staff.signIn', { pin: '1234' })).code).toBe('PIN_WRONG');
    expect((await w.call('staff.signIn', { pin: '2468' })).signedIn?.role).toBe('owner');
    const { entries } = await w.call('audit.list', { action: 'staff.resetOwnerPin' });
    expect(entries).toMatchObject([{ via: 'cli', staffName: 'Lan' }]);
  });
});

describe('the staff member responsible for a customer', () => {
  it('is set by the owner, read by staff, and selects customers in a segment rule', async () => {
    const { shop, owner, anh, minh } = await shopWithStaff();
    const a = await shop.call('customers.create', { fullName: 'Hoa' });
    const b = await shop.call('customers.create', { fullName: 'Mai' });
    await shop.call('customers.create', { fullName: 'Lan Anh' });
    expect(await owner.call('staff.setResponsible', { customerId: a.id, staffId: anh.id })).toEqual({ staffId: anh.id, name: 'Anh' });
    await owner.call('staff.setResponsible', { customerId: b.id, staffId: minh.id });
    await owner.call('staff.setResponsible', { customerId: b.id, staffId: anh.id });

    const till = windowOf(shop);
    await till.call('staff.signIn', { pin: '5555' });
    expect(await till.call('staff.responsibleFor', { customerId: a.id })).toEqual({ staffId: anh.id, name: 'Anh' });
    expect((await till.fail('staff.setResponsible', { customerId: a.id, staffId: null })).code).toBe('OWNER_ONLY');

    const count = async (ids: string[]): Promise<number> =>
      (await owner.call('segments.count', { rule: { kind: 'group', op: 'and', rules: [{ kind: 'responsible', in: ids }] } })).count;
    expect(await count([anh.id])).toBe(2);
    expect(await count([minh.id])).toBe(0);
    expect(await count(['none'])).toBe(1);
    expect(await count(['none', anh.id])).toBe(3);

    await owner.call('staff.setResponsible', { customerId: a.id, staffId: null });
    expect(await till.call('staff.responsibleFor', { customerId: a.id })).toBeNull();
    expect(await count(['none'])).toBe(2);
    expect((await owner.fail('staff.setResponsible', { customerId: 'nope', staffId: anh.id })).code).toBe('NOT_FOUND');
  });
});

describe('sessions over HTTP', () => {
  it('are per browser tab: signing in at one tab does not sign in another', async () => {
    const { shop } = await shopWithStaff();
    const server = createHttpServer({ ctx: shop.backend.ctx, token: 'tok' });
    const base = await listen(server, 0);
    try {
      const post = async (tab: string, method: string, input: unknown) => {
        const res = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { authorization: 'Bearer tok', 'content-type': 'application/json', 'x-regulars-session': tab },
          body: JSON.stringify(input),
        });
        return { status: res.status, body: (await res.json()) as { ok: boolean; error?: { code: string } } };
      };
      expect(await post('tab-a', 'customers.search', {})).toMatchObject({ status: 403, body: { error: { code: 'SIGN_IN_REQUIRED' } } });
      expect((await post('tab-a', 'staff.signIn', { pin: '5555' })).status).toBe(200);
      expect((await post('tab-a', 'customers.search', {})).status).toBe(200);
      expect((await post('tab-b', 'customers.search', {})).body.error?.code).toBe('SIGN_IN_REQUIRED');
      expect(await post('tab-a', 'staff.list', {})).toMatchObject({ status: 403, body: { error: { code: 'OWNER_ONLY' } } });
    } finally {
      server.close();
    }
  });
});

describe('the command line’s own exports and imports', () => {
  it('are in the audit log too (they call their services, not dispatch)', async () => {
    const shop = await openShop();
    const dir = shop.dir;
    await shop.backend.close();
    const { run } = await import('../src/main/cli/index');
    const file = `${dir}/list.csv`;
    expect(await run(['export-contacts', '--data-dir', dir, '--format', 'mailchimp', '--out', file], () => undefined)).toBe(0);
    const again = await openShop({ dir });
    const { entries } = await windowOf(again).call('audit.list', { action: 'exports.contacts' });
    expect(entries).toMatchObject([{ via: 'cli', staffName: null, detail: { rows: 0, format: 'mailchimp' } }]);
  });
});
