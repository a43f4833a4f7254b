import { describe, expect, it } from 'vitest';
import { catalogues } from '../src/renderer/src/i18n/catalogues';
import { formatDateText, parseDateText, patternOf } from '../src/renderer/src/components/dateText';
import { openShop } from './helpers';

const REASONS = [
  'required',
  'invalid',
  'email',
  'date',
  'birthday_range',
  'too_long',
  'too_short',
  'too_many',
  'too_few',
  'too_large',
  'too_small',
  'choice',
  'currency',
  'time_zone',
  'country',
];

describe('validation errors name the broken rule for the UI to translate', () => {
  it('customers.create: a missing name, a bad email, a too-long area, a bad date', async () => {
    const shop = await openShop();
    expect(await shop.fail('customers.create', { fullName: '  ' })).toMatchObject({ field: 'fullName', params: { reason: 'required' } });
    expect(await shop.fail('customers.create', {})).toMatchObject({ field: 'fullName', params: { reason: 'required' } });
    expect(await shop.fail('customers.create', { fullName: 'An', email: 'an@' })).toMatchObject({
      field: 'email',
      params: { reason: 'email' },
    });
    expect(await shop.fail('customers.create', { fullName: 'An', area: 'x'.repeat(121) })).toMatchObject({
      field: 'area',
      params: { reason: 'too_long', max: 120 },
    });
    expect(await shop.fail('customers.create', { fullName: 'An', birthday: '31/02/1990' })).toMatchObject({
      field: 'birthday',
      params: { reason: 'date' },
    });
    expect(await shop.fail('customers.create', { fullName: 'An', birthday: '1850-01-01' })).toMatchObject({
      field: 'birthday',
      params: { reason: 'birthday_range' },
    });
    expect(await shop.fail('customers.create', { fullName: 'An', gender: 'x' })).toMatchObject({
      field: 'gender',
      params: { reason: 'choice' },
    });
    expect(await shop.fail('customers.create', { fullName: 42 })).toMatchObject({ field: 'fullName', params: { reason: 'invalid' } });
  });

  it('settings.update: currency, time zone and country', async () => {
    const shop = await openShop();
    const s = { shopName: 'Tiệm', currency: 'VND', locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh', pointsRule: { every: 10_000, points: 1 } };
    expect(await shop.fail('settings.update', { ...s, currency: 'XYZ' })).toMatchObject({
      field: 'currency',
      params: { reason: 'currency' },
    });
    expect(await shop.fail('settings.update', { ...s, timeZone: 'Mars/Base' })).toMatchObject({
      field: 'timeZone',
      params: { reason: 'time_zone' },
    });
    expect(await shop.fail('settings.update', { ...s, country: 'QQ' })).toMatchObject({ field: 'country', params: { reason: 'country' } });
    expect(await shop.fail('settings.update', { ...s, pointsRule: { every: 0, points: 1 } })).toMatchObject({
      field: 'pointsRule.every',
      params: { reason: 'too_small' },
    });
  });

  it('every reason has a message in all three languages', () => {
    for (const lang of ['en', 'vi', 'zh-Hant'] as const) {
      const messages = catalogues[lang].validation as Record<string, string>;
      for (const reason of REASONS) expect(messages[reason], `${lang} ${reason}`).toBeTruthy();
    }
  });
});

describe('dates typed as each language writes them', () => {
  it('patterns per UI language', () => {
    expect(patternOf('vi')).toBe('dd/mm/yyyy');
    expect(patternOf('zh-Hant')).toBe('yyyy/mm/dd');
    expect(patternOf('en')).toBe('mm/dd/yyyy');
  });

  it('round-trips and reads other separators, refusing impossible dates', () => {
    expect(formatDateText('1990-08-15', 'dd/mm/yyyy')).toBe('15/08/1990');
    expect(formatDateText('1990-08-15', 'yyyy/mm/dd')).toBe('1990/08/15');
    expect(formatDateText('1990-08-15', 'mm/dd/yyyy')).toBe('08/15/1990');
    expect(parseDateText('15/08/1990', 'dd/mm/yyyy')).toBe('1990-08-15');
    expect(parseDateText('5.8.1990', 'dd/mm/yyyy')).toBe('1990-08-05');
    expect(parseDateText('1990年8月5日', 'yyyy/mm/dd')).toBe('1990-08-05');
    expect(parseDateText('08/15/1990', 'mm/dd/yyyy')).toBe('1990-08-15');
    expect(parseDateText('1990-08-15', 'dd/mm/yyyy')).toBe('1990-08-15');
    expect(parseDateText('31/02/1990', 'dd/mm/yyyy')).toBeNull();
    expect(parseDateText('15/08/90', 'dd/mm/yyyy')).toBeNull();
    expect(parseDateText('  ', 'dd/mm/yyyy')).toBe('');
  });
});
