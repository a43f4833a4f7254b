import { describe, expect, it } from 'vitest';
import { checkCardNumber, makeCardNumber } from '../src/shared/cardNumber';
import {
  COUPON_ALPHABET,
  checkCouponCode,
  couponBody,
  couponInstallPrefix,
  formatCouponCode,
  looksLikeCouponCode,
  makeCouponCode,
} from '../src/shared/couponCode';

describe('coupon codes', () => {
  it('uses no 0, O, 1, I or L, and 29 symbols (a prime)', () => {
    expect(COUPON_ALPHABET).toHaveLength(29);
    expect(COUPON_ALPHABET).not.toMatch(/[01OIL]/);
    expect(new Set(COUPON_ALPHABET).size).toBe(29);
  });

  it('never repeats a code over a million sequence numbers', () => {
    const seen = new Set<string>();
    for (let s = 1; s <= 1_000_000; s++) seen.add(couponBody(s));
    expect(seen.size).toBe(1_000_000);
  });

  it('catches every single wrong character and every swap of neighbours, for many codes and prefixes', () => {
    let checked = 0;
    const missed: string[] = [];
    for (const prefix of ['', 'K', 'H7Q']) {
      for (let s = 1; s <= 3_000; s += 1) {
        const code = makeCouponCode(prefix, s * 7919);
        expect(checkCouponCode(code)).toEqual({ ok: true, code });
        const chars = [...code];
        for (let i = 0; i < chars.length; i++) {
          for (const sub of COUPON_ALPHABET) {
            if (sub === chars[i]) continue;
            const typo = [...chars];
            typo[i] = sub;
            if (checkCouponCode(typo.join('')).ok) missed.push(typo.join(''));
            checked++;
          }
          if (i + 1 < chars.length && chars[i] !== chars[i + 1]) {
            const swap = [...chars];
            [swap[i], swap[i + 1]] = [swap[i + 1]!, swap[i]!];
            if (checkCouponCode(swap.join('')).ok) missed.push(swap.join(''));
            checked++;
          }
        }
      }
    }
    expect(missed).toEqual([]);
    expect(checked).toBeGreaterThan(2_000_000);
  });

  it('is forgiving about case, spaces and dashes, and reads a typed Z as 2 and U as V', () => {
    const code = makeCouponCode('', 42);
    const pretty = formatCouponCode(code);
    expect(pretty).toMatch(/^[A-Y2-9]{3}-[A-Y2-9]{3}-[A-Y2-9]{3}$/);
    expect(checkCouponCode(` ${pretty.toLowerCase().replace(/-/g, ' - ')} `)).toEqual({ ok: true, code });
    const withTwo = Array.from({ length: 500 }, (_, i) => makeCouponCode('', i + 1)).find((c) => c.includes('2'))!;
    expect(checkCouponCode(withTwo.replace(/2/g, 'z'))).toEqual({ ok: true, code: withTwo });
    const withV = Array.from({ length: 500 }, (_, i) => makeCouponCode('', i + 1)).find((c) => c.includes('V'))!;
    expect(checkCouponCode(withV.replace(/V/g, 'U'))).toEqual({ ok: true, code: withV });
  });

  it('refuses O, 0, I, 1 and L rather than guessing which symbol was meant', () => {
    const code = makeCouponCode('', 99);
    for (const c of ['O', '0', 'I', '1', 'L']) expect(checkCouponCode(c + code.slice(1))).toEqual({ ok: false, problem: 'malformed' });
    expect(checkCouponCode('ABC')).toEqual({ ok: false, problem: 'malformed' });
  });

  it('has a shape no card number has, so a scan is routed by shape', () => {
    for (let s = 1; s <= 2_000; s++) {
      expect(looksLikeCouponCode(makeCouponCode('', s))).toBe(true);
      expect(looksLikeCouponCode(makeCouponCode('23', s))).toBe(true);
      const card = makeCardNumber(s);
      expect(checkCardNumber(card).ok).toBe(true);
      expect(looksLikeCouponCode(card)).toBe(false);
      expect(checkCardNumber(makeCouponCode('', s)).ok).toBe(false);
    }
    // even an all-digit prefix leaves a letter in the code
    expect(makeCouponCode('234', 5)).toMatch(/[A-Y]/);
  });
});

describe('coupon codes of different installs', () => {
  it('never meet: install 1 has no mark, others a two-symbol mark of their own', () => {
    expect(couponInstallPrefix(1)).toBe('');
    const marks = new Set<string>();
    for (let tag = 2; tag <= 99; tag++) {
      const mark = couponInstallPrefix(tag);
      expect(mark).toHaveLength(2);
      marks.add(mark);
    }
    expect(marks.size).toBe(98);
    const codes = new Set<string>();
    for (const tag of [1, 2, 3, 42, 99]) for (let seq = 1; seq <= 2000; seq++) codes.add(makeCouponCode(couponInstallPrefix(tag), seq));
    expect(codes.size).toBe(5 * 2000);
    for (const code of codes) expect(checkCouponCode(code)).toEqual({ ok: true, code });
  });
});
