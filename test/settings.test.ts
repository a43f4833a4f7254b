import { describe, expect, it } from 'vitest';
import { guessCountry } from '../src/shared/country';
import { openShop } from './helpers';

const base = {
  shopName: 'Tiệm Bánh',
  currency: 'VND',
  locale: 'vi',
  timeZone: 'Asia/Ho_Chi_Minh',
  pointsRule: { every: 10_000, points: 1 },
};

describe('the shop country (default region of phone numbers)', () => {
  it('is guessed from the time zone, then the currency, when not given', async () => {
    const shop = await openShop();
    expect((await shop.call('settings.update', { ...base, currency: 'TWD', timeZone: 'Asia/Taipei' })).country).toBe('TW');
    expect((await shop.call('settings.update', { ...base, currency: 'HKD', timeZone: 'UTC' })).country).toBe('HK');
    expect(guessCountry('XYZ', 'UTC')).toBeNull();
  });

  it('keeps an explicit country, upper-cased, and refuses an unknown one at the field', async () => {
    const shop = await openShop();
    expect((await shop.call('settings.update', { ...base, country: 'tw' })).country).toBe('TW');
    expect((await shop.call('settings.get', {})).country).toBe('TW');
    const err = await shop.fail('settings.update', { ...base, country: 'QQ' });
    expect(err.field).toBe('country');
  });

  it('a shop saved before the setting existed reads its country from its time zone', async () => {
    const shop = await openShop();
    await shop.call('settings.update', { ...base, currency: 'TWD', timeZone: 'Asia/Taipei', country: 'TW' });
    await shop.backend.ctx.db.deleteFrom('settings').where('key', '=', 'country').execute();
    expect((await shop.call('settings.get', {})).country).toBe('TW');
  });
});

describe('first-run setup', () => {
  it('a new data folder is not set up; saving the settings (the setup screen, `regulars init`) sets it up', async () => {
    const shop = await openShop();
    await shop.backend.ctx.db.deleteFrom('settings').execute();
    expect((await shop.call('settings.get', {})).setupDone).toBe(false);
    const saved = await shop.call('settings.update', { ...base, currency: 'TWD', timeZone: 'Asia/Taipei', locale: 'zh-Hant' });
    expect(saved.setupDone).toBe(true);
    expect((await shop.call('settings.get', {})).setupDone).toBe(true);
  });

  it('a shop that already has customers, or settings from before the flag, never sees the setup', async () => {
    const shop = await openShop();
    await shop.backend.ctx.db.deleteFrom('settings').execute();
    await shop.call('customers.create', { fullName: 'Trần Văn Bảo' });
    expect((await shop.call('settings.get', {})).setupDone).toBe(true);

    const older = await openShop();
    await older.backend.ctx.db.deleteFrom('settings').where('key', '=', 'setupDone').execute();
    expect((await older.call('settings.get', {})).setupDone).toBe(true);
  });
});
