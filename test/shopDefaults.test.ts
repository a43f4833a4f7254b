import { describe, expect, it } from 'vitest';
import { guessShopDefaults, uiLanguageOf } from '../src/shared/shopDefaults';

describe('a new shop proposes what the browser says, never Vietnam by default', () => {
  it('reads language, country, currency and zone', () => {
    expect(guessShopDefaults(['zh-TW', 'zh', 'en'], 'Asia/Taipei')).toEqual({
      locale: 'zh-Hant',
      currency: 'TWD',
      country: 'TW',
      timeZone: 'Asia/Taipei',
      pointsRule: { every: 10_000, points: 1 },
    });
    expect(guessShopDefaults(['vi-VN'], 'Asia/Ho_Chi_Minh')).toMatchObject({
      locale: 'vi',
      currency: 'VND',
      country: 'VN',
      pointsRule: { every: 10_000 },
    });
    expect(guessShopDefaults(['en-US'], 'America/New_York')).toMatchObject({
      locale: 'en',
      currency: 'USD',
      country: 'US',
      pointsRule: { every: 100 },
    });
    expect(guessShopDefaults(['zh-HK'], 'UTC')).toMatchObject({ locale: 'zh-Hant', currency: 'HKD', country: 'HK' });
  });

  it('the time zone names the place when the language has no region', () => {
    expect(guessShopDefaults(['en'], 'Asia/Taipei')).toMatchObject({ locale: 'en', country: 'TW', currency: 'TWD' });
  });

  it('a language the app does not speak falls back to English, with the browser region and no Vietnamese guess', () => {
    const d = guessShopDefaults(['de-CH'], 'Europe/Zurich');
    expect(d).toMatchObject({ locale: 'en', country: 'CH', currency: 'CHF', timeZone: 'Europe/Zurich' });
    const unknown = guessShopDefaults(['xx'], 'Etc/UTC');
    expect(unknown.currency).toBeNull();
    expect(unknown.country).not.toBe('VN');
    expect(uiLanguageOf('zh-Hans-CN')).toBe('zh-Hant');
  });
});
