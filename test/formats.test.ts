import { describe, expect, it } from 'vitest';
import { makeFormats } from '../src/renderer/src/hooks/formats';
import { formatAmountPlain, formatMoney } from '../src/shared/money';

/** Intl puts narrow no-break spaces in some languages; compare with plain spaces. */
const plain = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money as people of each language write each currency', () => {
  const cases: [string, string, number, string][] = [
    ['en', 'VND', 125_000, '₫125,000'],
    ['vi', 'VND', 125_000, '125.000 ₫'],
    ['zh-Hant', 'VND', 125_000, '₫125,000'],
    ['en', 'TWD', 128_000, 'NT$1,280'],
    ['vi', 'TWD', 128_000, '1.280 NT$'],
    ['zh-Hant', 'TWD', 128_000, 'NT$1,280'],
    ['zh-Hant', 'TWD', 128_050, 'NT$1,280.50'],
    ['en', 'HKD', 3_850, 'HK$38.50'],
    ['vi', 'HKD', 3_850, '38,50 HK$'],
    ['zh-Hant', 'HKD', 3_850, 'HK$38.50'],
    ['en', 'USD', 128_050, '$1,280.50'],
    ['vi', 'USD', 128_050, '1.280,50 US$'],
    ['zh-Hant', 'USD', 128_050, 'US$1,280.50'],
  ];
  it.each(cases)('%s %s %d -> %s', (language, currency, minor, expected) => {
    expect(plain(formatMoney(minor, currency, language))).toBe(expected);
    expect(plain(makeFormats(language, currency, 'UTC').money(minor))).toBe(expected);
  });

  it('a TWD amount in an input has no cents unless it has them', () => {
    expect(formatAmountPlain(10_000, 'TWD', 'en')).toBe('100');
    expect(formatAmountPlain(10_050, 'TWD', 'en')).toBe('100.50');
    expect(formatAmountPlain(10_000, 'USD', 'en')).toBe('100.00');
  });
});

describe('dates and chart numbers follow the UI language, not the shop', () => {
  const at = '2026-11-30T05:00:00Z';
  it.each([
    ['en', 'Nov 30, 2026', '1.4M'],
    ['vi', '30 thg 11, 2026', '1,4 Tr'],
    ['zh-Hant', '2026年11月30日', '140萬'],
  ])('%s', (language, date, compact) => {
    for (const currency of ['VND', 'TWD', 'HKD', 'USD']) {
      const f = makeFormats(language, currency, 'Asia/Taipei');
      expect(f.date(at)).toBe(date);
      expect(f.day('2026-11-30')).toBe(date);
      expect(plain(f.compact(1_400_000))).toBe(compact);
    }
  });

  it('times are in the shop time zone', () => {
    expect(makeFormats('en', 'TWD', 'Asia/Taipei').time('2026-11-30T05:00:00Z')).toBe('1:00 PM');
    expect(makeFormats('zh-Hant', 'TWD', 'Asia/Taipei').dateTime('2026-11-30T05:00:00Z')).toBe('2026年11月30日 下午1:00');
  });
});
