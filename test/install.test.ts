/** Install identity: a data folder is one install; a copied file becomes another, whose codes cannot collide. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../src/main/db/open';
import { INSTALL_MARKER } from '../src/main/db/install';
import { bulkInsertCustomers, bulkIssueCards } from '../src/main/services/bulk';
import { codePrefix } from '../src/main/services/install';
import { customerInput } from '../src/shared/contract';
import { checkCardNumber, luhnCheckDigit, makeCardNumber } from '../src/shared/cardNumber';
import { openShop, tempDir, type TestShop } from './helpers';

async function installs(shop: TestShop) {
  return shop.backend.ctx.db.selectFrom('installs').select(['id', 'tag', 'current']).orderBy('key').execute();
}

const marker = (dir: string): string => fs.readFileSync(path.join(dir, INSTALL_MARKER), 'utf8').trim();

/** Closes the shop and copies its file alone into a fresh folder, as a restored backup on another till would be. */
async function copyTo(shop: TestShop): Promise<string> {
  await shop.backend.close();
  const dir = tempDir();
  fs.copyFileSync(path.join(shop.dir, DB_FILE_NAME), path.join(dir, DB_FILE_NAME));
  return dir;
}

describe('install identity', () => {
  it('is made at first open, written to the folder, and kept on reopening', async () => {
    const dir = tempDir();
    const first = await openShop({ dir });
    const [me] = await installs(first);
    expect(me).toMatchObject({ tag: 1, current: 1 });
    expect(me!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.backend.database.install).toEqual({ id: me!.id, tag: 1, copiedFrom: null });
    expect(marker(dir)).toBe(me!.id);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, INSTALL_MARKER)).mode & 0o777).toBe(0o600);
    await first.backend.close();
    const again = await openShop({ dir });
    expect(await installs(again)).toEqual([me]);
    // A lost marker in the same folder is the same install (the whole folder put back from a backup).
    await again.backend.close();
    fs.rmSync(path.join(dir, INSTALL_MARKER));
    const third = await openShop({ dir });
    expect(third.backend.database.install.id).toBe(me!.id);
    expect(marker(dir)).toBe(me!.id);
  });

  it('a copied file opened in another folder becomes install 2; its codes cannot collide with install 1', async () => {
    const one = await openShop();
    const a = await one.call('customers.create', { fullName: 'Nguyễn Văn An' });
    const cardA = await one.call('cards.issue', { customerId: a.id });
    expect(a.code).toBe('C000001');
    expect(cardA.number).toBe(makeCardNumber(1));
    const oneId = one.backend.database.install.id;

    const two = await openShop({ dir: await copyTo(one) });
    expect(two.backend.database.install).toMatchObject({ tag: 2, copiedFrom: oneId });
    expect(await installs(two)).toEqual([
      { id: oneId, tag: 1, current: 0 },
      { id: two.backend.database.install.id, tag: 2, current: 1 },
    ]);
    // What it had keeps its codes; what it creates carries its number.
    expect((await two.call('customers.get', { id: a.id })).customer.code).toBe('C000001');
    const b = await two.call('customers.create', { fullName: 'Trần Thị Bình' });
    expect(b.code).toBe('C2-000002');
    const cardB = await two.call('cards.issue', { customerId: b.id });
    expect(cardB.number).toBe('870200000025'.slice(0, 11) + luhnCheckDigit('87020000002'));
    expect(checkCardNumber(cardB.number)).toEqual({ ok: true, number: cardB.number });
    // The bulk path (imports) follows the same scheme, and an own code of this install's form moves its sequence on.
    const bulk = bulkInsertCustomers(two.backend.database, [
      { data: customerInput.parse({ fullName: 'Lê Cường' }) },
      { data: customerInput.parse({ fullName: 'Phạm Dung' }), code: 'C2-000040' },
      { data: customerInput.parse({ fullName: 'Hoàng Em' }), code: 'C000050' },
    ]);
    expect(bulk.codes).toEqual(['C2-000041', 'C2-000040', 'C000050']);
    expect(bulkIssueCards(two.backend.database, [bulk.ids[0]!]).numbers).toEqual([makeCardNumber(3, 2)]);
    expect((await two.call('customers.create', { fullName: 'Vũ Giang' })).code).toBe('C2-000042');
  });

  it('a file dropped into a folder whose marker names another install is a copy too', async () => {
    const dir = tempDir();
    const shop = await openShop({ dir });
    const id = shop.backend.database.install.id;
    await shop.backend.close();
    fs.writeFileSync(path.join(dir, INSTALL_MARKER), '0192f000-0000-7000-8000-000000000000\n');
    const again = await openShop({ dir });
    expect(again.backend.database.install).toMatchObject({ tag: 2, copiedFrom: id });
    expect(marker(dir)).toBe(again.backend.database.install.id);
  });
});

describe('codes across installs', () => {
  it('install 1 keeps the card numbers it always made; others get 87 + their number', () => {
    const old = (seq: number): string => {
      const body = '88' + String(seq).padStart(9, '0');
      return body + luhnCheckDigit(body);
    };
    for (const seq of [1, 42, 123456, 99_999_999, 999_999_999]) expect(makeCardNumber(seq, 1)).toBe(old(seq));
    expect(makeCardNumber(1, 2)).toMatch(/^8702000000\d{2}$/);
    expect(makeCardNumber(9_999_999, 99)).toMatch(/^8799\d{8}$/);
    expect(() => makeCardNumber(10_000_000, 2)).toThrow(/exhausted/);
    expect(() => makeCardNumber(1, 100)).toThrow(/install 100/);
    const seen = new Set<string>();
    for (const tag of [1, 2, 3, 10, 11, 99]) for (const seq of [0, 1, 9, 10, 1234567, 9_999_999]) seen.add(makeCardNumber(seq, tag));
    expect(seen.size).toBe(6 * 6);
  });

  it('a code prefix is empty for install 1 and ends in a dash otherwise', () => {
    expect(codePrefix(1)).toBe('');
    expect(codePrefix(2)).toBe('2-');
    expect(codePrefix(12)).toBe('12-');
  });
});
