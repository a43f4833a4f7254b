import { describe, expect, it } from 'vitest';
import { parsePhone, phoneKey, phoneQuery, phoneShapeProblem, storedPhone } from '../src/shared/phone';

const e164 = (input: string, country: string): string | null => {
  const p = parsePhone(input, country);
  return p.ok ? p.e164 : null;
};
const reason = (input: string, country: string): string | null => {
  const p = parsePhone(input, country);
  return p.ok ? null : p.reason;
};

describe('one canonical form of a phone', () => {
  it('reads the ways people in Vietnam write a mobile as one number', () => {
    for (const typed of [
      '0912345678',
      '0912 345 678',
      '0912-345-678',
      '0912.345.678',
      '(091) 234-5678',
      '+84 912-345-678',
      '+84912345678',
      '84 912 345 678',
      '84912345678',
      '0084 912 345 678',
      '+84 (0) 912 345 678',
      '０９１２ ３４５ ６７８', // full-width digits from a Chinese input method
      '  0912 345 678  ',
    ]) {
      expect(e164(typed, 'VN'), typed).toBe('+84912345678');
    }
    expect(e164('84909876543', 'VN')).toBe(e164('0909876543', 'VN'));
    expect(e164('0339 876 543', 'VN')).toBe('+84339876543');
    expect(e164('0869876543', 'VN')).toBe('+84869876543');
  });

  it('accepts Vietnamese landlines and service numbers', () => {
    expect(parsePhone('(028) 3823 4567', 'VN')).toMatchObject({ ok: true, e164: '+842838234567', display: '028 3823 4567' });
    expect(e164('028.3823.4567', 'VN')).toBe('+842838234567');
    expect(e164('+84 28 3823 4567', 'VN')).toBe('+842838234567');
    expect(e164('024 3825 1234', 'VN')).toBe('+842438251234');
    expect(e164('1900 1234', 'VN')).toBe('+8419001234');
  });

  it('reads Taiwanese mobiles and landlines with the shop in Taiwan', () => {
    for (const typed of [
      '0912-345-678',
      '0912 345 678',
      '0912345678',
      '+886 912 345 678',
      '+886-912-345-678',
      '886912345678',
      '+886 (0)912 345 678',
    ]) {
      expect(e164(typed, 'TW'), typed).toBe('+886912345678');
    }
    expect(parsePhone('(02) 2345-6789', 'TW')).toMatchObject({ ok: true, e164: '+886223456789', display: '02 2345 6789' });
    expect(e164('02-2345-6789', 'TW')).toBe('+886223456789');
    // The same digits are a different phone in a different shop's country.
    expect(e164('0912345678', 'VN')).not.toBe(e164('0912345678', 'TW'));
  });

  it('reads Hong Kong eight-digit numbers', () => {
    for (const typed of ['9123 4567', '91234567', '9123-4567', '+852 9123 4567', '852 9123 4567', '+85291234567']) {
      expect(e164(typed, 'HK'), typed).toBe('+85291234567');
    }
    expect(parsePhone('2345 6789', 'HK')).toMatchObject({ ok: true, e164: '+85223456789', display: '2345 6789' });
  });

  it('keeps foreign numbers written with + whatever the shop country, shown internationally', () => {
    expect(parsePhone('+1 415 555 2671', 'VN')).toMatchObject({ ok: true, e164: '+14155552671', display: '+1 415 555 2671' });
    expect(parsePhone('+44 20 7946 0958', 'TW')).toMatchObject({ ok: true, e164: '+442079460958', display: '+44 20 7946 0958' });
    expect(parsePhone('+886 912 345 678', 'VN')).toMatchObject({ ok: true, display: '+886 912 345 678' });
    expect(parsePhone('+84 912 345 678', 'VN')).toMatchObject({ ok: true, display: '0912 345 678' });
  });

  it('says why a typed text is not a phone', () => {
    expect(reason('abc', 'VN')).toBe('not_a_number');
    expect(reason('0912 ABC 678', 'VN')).toBe('not_a_number');
    expect(reason('0912345678 ext 12', 'VN')).toBe('not_a_number');
    expect(reason('++84912345678', 'VN')).toBe('not_a_number');
    expect(reason('---', 'VN')).toBe('not_a_number');
    expect(reason('123', 'VN')).toBe('too_short');
    expect(reason('4567', 'VN')).toBe('too_short');
    expect(reason('091 234', 'VN')).toBe('too_short');
    expect(reason('091234567890123', 'VN')).toBe('too_long');
    expect(reason('0912 3456 7890 1234 5678', 'VN')).toBe('too_long');
    // A possible length but no such number in the country: a mistyped prefix, or a foreign number without +.
    expect(reason('0112 345 678', 'VN')).toBe('invalid_for_country');
    expect(reason('0912345678', 'HK')).toBe('invalid_for_country');
    expect(reason('09123456789', 'VN')).toBe('invalid_for_country');
  });

  it('checks the shape alone at the contract, without a country', () => {
    expect(phoneShapeProblem('(028) 3823 4567')).toBeNull();
    expect(phoneShapeProblem('+84 912-345-678')).toBeNull();
    expect(phoneShapeProblem('9123 4567')).toBeNull();
    expect(phoneShapeProblem('phone me')).toBe('not_a_number');
    expect(phoneShapeProblem('12')).toBe('too_short');
    expect(phoneShapeProblem('1'.repeat(18))).toBe('too_long');
  });
});

describe('what is stored and searched', () => {
  it('stores the display form, both digit forms for search and the E.164 key', () => {
    expect(storedPhone('+84 912-345-678', 'VN')).toEqual({ phone: '0912 345 678', digits: '0912345678 84912345678', key: '+84912345678' });
    expect(storedPhone('(028) 3823 4567', 'VN')).toEqual({
      phone: '028 3823 4567',
      digits: '02838234567 842838234567',
      key: '+842838234567',
    });
    expect(storedPhone('0912-345-678', 'TW')).toEqual({ phone: '0912 345 678', digits: '0912345678 886912345678', key: '+886912345678' });
    // Hong Kong has no trunk 0: the national digits are inside the international ones.
    expect(storedPhone('9123 4567', 'HK')).toEqual({ phone: '9123 4567', digits: '85291234567', key: '+85291234567' });
  });

  it('keeps a number that does not parse as typed, keyed by its digits', () => {
    expect(storedPhone(' 0168 987 6543 ', 'VN')).toEqual({ phone: '0168 987 6543', digits: '01689876543', key: '01689876543' });
    expect(phoneKey('0168-987-6543', 'VN')).toBe('01689876543');
    expect(phoneKey('12 34', 'VN')).toBeNull();
  });

  it('gives the same key to every form of one number', () => {
    const keys = ['0912 345 678', '+84 912-345-678', '84912345678', '0084912345678'].map((p) => phoneKey(p, 'VN'));
    expect(new Set(keys)).toEqual(new Set(['+84912345678']));
  });

  it('searches by the typed digits, and a whole number also by its key', () => {
    expect(phoneQuery('0912345678', 'VN')).toEqual({ digits: '0912345678', e164: '+84912345678' });
    expect(phoneQuery('0084 912 345 678', 'VN')).toEqual({ digits: '0084912345678', e164: '+84912345678' });
    expect(phoneQuery('+84912345678', 'VN')).toEqual({ digits: '84912345678', e164: '+84912345678' });
    expect(phoneQuery('4567', 'VN')).toEqual({ digits: '4567', e164: null });
    expect(phoneQuery('0912 34', 'VN')).toEqual({ digits: '091234', e164: null });
    expect(phoneQuery('', 'VN')).toEqual({ digits: '', e164: null });
  });
});
