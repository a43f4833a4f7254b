import { describe, expect, it } from 'vitest';
import { checkCardNumber, formatCardNumber, luhnCheckDigit, makeCardNumber } from '../src/shared/cardNumber';
import { amountDoubt, formatMoney, parseMoney } from '../src/shared/money';
import { pointsFor } from '../src/shared/points';
import { foldText } from '../src/shared/search';
import { localDayRange, startOfLocalDay } from '../src/shared/time';

describe('search folding', () => {
  it('folds Vietnamese letters, including two marks and đ/Đ', () => {
    expect(foldText('Nguyễn Thị Ánh')).toBe('nguyen thi anh');
    expect(foldText('Đào Duy Từ')).toBe('dao duy tu');
    expect(foldText('Phạm Hồng Ngọc')).toBe('pham hong ngoc');
    expect(foldText('Lưu Thị Hữu')).toBe('luu thi huu');
    expect(foldText('  Trần   Quốc  ')).toBe('tran quoc');
  });
  it('keeps Chinese characters and lower-cases Latin', () => {
    expect(foldText('陳大文 David')).toBe('陳大文 david');
  });
});

describe('card numbers', () => {
  it('computes the Luhn check digit', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });
  it('makes 12-digit numbers that pass their own check', () => {
    for (const seq of [1, 2, 99, 123456, 999999999]) {
      const n = makeCardNumber(seq);
      expect(n).toMatch(/^88\d{10}$/);
      expect(checkCardNumber(n)).toEqual({ ok: true, number: n });
    }
  });
  it('refuses every single-digit slip and neighbour swap', () => {
    const n = makeCardNumber(4711);
    for (let i = 0; i < n.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === n[i]) continue;
        const wrong = n.slice(0, i) + d + n.slice(i + 1);
        expect(checkCardNumber(wrong)).toEqual({ ok: false, problem: 'check_digit' });
      }
    }
    for (let i = 0; i < n.length - 1; i++) {
      if (n[i] === n[i + 1]) continue;
      const pair = n[i]! + n[i + 1]!;
      if (pair === '09' || pair === '90') continue; // the one swap Luhn cannot see
      const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
      expect(checkCardNumber(swapped).ok).toBe(false);
    }
  });
  it('tolerates spaces and dashes, refuses letters and wrong lengths', () => {
    const n = makeCardNumber(42);
    expect(checkCardNumber(formatCardNumber(n))).toEqual({ ok: true, number: n });
    expect(checkCardNumber('88000000004x')).toEqual({ ok: false, problem: 'malformed' });
    expect(checkCardNumber('1234')).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('money', () => {
  it('parses VND without a minor unit, with any thousands separator', () => {
    expect(parseMoney('125000', 'VND')).toEqual({ ok: true, minor: 125000 });
    expect(parseMoney('125.000', 'VND')).toEqual({ ok: true, minor: 125000 });
    expect(parseMoney('1,250,000', 'VND')).toEqual({ ok: true, minor: 1250000 });
    expect(parseMoney('12.5', 'VND')).toEqual({ ok: false, reason: 'too_many_decimals' });
  });
  it('parses currencies with cents', () => {
    expect(parseMoney('12.50', 'USD')).toEqual({ ok: true, minor: 1250 });
    expect(parseMoney('1,234.5', 'USD')).toEqual({ ok: true, minor: 123450 });
    expect(parseMoney('12,50', 'EUR')).toEqual({ ok: true, minor: 1250 });
    expect(parseMoney('1.999', 'USD')).toEqual({ ok: false, reason: 'too_many_decimals' });
  });
  it('refuses what is not an amount', () => {
    expect(parseMoney('', 'VND')).toEqual({ ok: false, reason: 'empty' });
    expect(parseMoney('abc', 'VND')).toEqual({ ok: false, reason: 'malformed' });
    expect(parseMoney('-5000', 'VND')).toEqual({ ok: false, reason: 'not_positive' });
    expect(parseMoney('0', 'VND')).toEqual({ ok: false, reason: 'not_positive' });
    expect(parseMoney('99999999999999999', 'VND')).toEqual({ ok: false, reason: 'too_large' });
  });
  it('understands the shorthands people type at a till (issue 13 item 3)', () => {
    expect(parseMoney('45k', 'VND')).toEqual({ ok: true, minor: 45_000 });
    expect(parseMoney('45K', 'VND')).toEqual({ ok: true, minor: 45_000 });
    expect(parseMoney('45 k', 'VND')).toEqual({ ok: true, minor: 45_000 });
    expect(parseMoney('1.5k', 'VND')).toEqual({ ok: true, minor: 1_500 });
    expect(parseMoney('1.2tr', 'VND')).toEqual({ ok: true, minor: 1_200_000 });
    expect(parseMoney('1,2 triệu', 'VND')).toEqual({ ok: true, minor: 1_200_000 });
    // Typed with a combining accent (NFD), as some keyboards send it.
    expect(parseMoney('2 trie\u0323\u0302u', 'VND')).toEqual({ ok: true, minor: 2_000_000 });
    expect(parseMoney('50 nghìn', 'VND')).toEqual({ ok: true, minor: 50_000 });
    expect(parseMoney('3萬', 'TWD')).toEqual({ ok: true, minor: 3_000_000 });
    expect(parseMoney('1.25k', 'USD')).toEqual({ ok: true, minor: 125_000 });
    expect(parseMoney('1.2345k', 'VND')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseMoney('0k', 'VND')).toEqual({ ok: false, reason: 'not_positive' });
    expect(parseMoney('2000000tỷ', 'VND')).toEqual({ ok: false, reason: 'too_large' });
    expect(parseMoney('45kk', 'VND')).toEqual({ ok: false, reason: 'malformed' });
    expect(parseMoney('k', 'VND')).toEqual({ ok: false, reason: 'malformed' });
  });
  it('doubts an amount below the smallest note or far above what the shop takes (issue 13 item 3)', () => {
    // 45 ₫ buys nothing; 1.000 ₫ is the smallest note.
    expect(amountDoubt(45, 'VND', null)).toEqual({ kind: 'below_smallest', limit: 1_000 });
    expect(amountDoubt(1_000, 'VND', null)).toBeNull();
    // A new shop: the currency's ceiling.
    expect(amountDoubt(50_000_000, 'VND', { count: 0, p99: null })).toBeNull();
    expect(amountDoubt(1_000_000_000_000, 'VND', { count: 0, p99: null })).toEqual({
      kind: 'above_usual',
      limit: 50_000_000,
      fromHistory: false,
    });
    // A café whose purchases reach 150.000 ₫: ten times that, but never below the floor of 2.000.000 ₫.
    const cafe = { count: 500, p99: 150_000 };
    expect(amountDoubt(1_900_000, 'VND', cafe)).toBeNull();
    expect(amountDoubt(2_000_001, 'VND', cafe)).toEqual({ kind: 'above_usual', limit: 2_000_000, fromHistory: true });
    const shop = { count: 500, p99: 900_000 };
    expect(amountDoubt(9_000_000, 'VND', shop)).toBeNull();
    expect(amountDoubt(9_000_001, 'VND', shop)).toMatchObject({ kind: 'above_usual', limit: 9_000_000 });
    // Too little history: the currency decides.
    expect(amountDoubt(9_000_001, 'VND', { count: 5, p99: 900_000 })).toBeNull();
    // Currencies with cents: NT$1 and $0.01 are the smallest; an unlisted currency, one minor unit.
    expect(amountDoubt(50, 'TWD', null)).toEqual({ kind: 'below_smallest', limit: 100 });
    expect(amountDoubt(1, 'USD', null)).toBeNull();
    expect(amountDoubt(1, 'CHF', null)).toBeNull();
    expect(amountDoubt(10_000_001, 'CHF', null)).toMatchObject({ kind: 'above_usual' });
  });
  it('formats with the shop locale and no decimals for VND', () => {
    expect(formatMoney(125000, 'VND', 'vi').replace(/\s/g, ' ')).toBe('125.000 ₫');
    expect(formatMoney(1250, 'USD', 'en')).toBe('$12.50');
  });
});

describe('points', () => {
  it('earns per full step, rounded down', () => {
    const rule = { every: 10_000, points: 1 };
    expect(pointsFor(9_999, rule)).toBe(0);
    expect(pointsFor(10_000, rule)).toBe(1);
    expect(pointsFor(125_000, rule)).toBe(12);
    expect(pointsFor(125_000, { every: 50_000, points: 3 })).toBe(6);
  });
});

describe("the shop's day", () => {
  it('starts at local midnight in Vietnam', () => {
    expect(startOfLocalDay('2026-11-25', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-11-24T17:00:00.000Z');
    const r = localDayRange(new Date('2026-11-24T18:30:00Z'), 'Asia/Ho_Chi_Minh');
    expect(r).toEqual({ date: '2026-11-25', from: '2026-11-24T17:00:00.000Z', to: '2026-11-25T17:00:00.000Z' });
  });
  it('handles daylight-saving days', () => {
    const r = localDayRange(new Date('2026-03-29T12:00:00Z'), 'Europe/London');
    expect(r.from).toBe('2026-03-29T00:00:00.000Z');
    expect(r.to).toBe('2026-03-29T23:00:00.000Z');
  });
});
