import { describe, expect, it } from 'vitest';
import { parseNumberText } from '../src/renderer/src/components/numberText';

const points = { min: 0, max: 1_000_000 };
const months = { min: 1, max: 120 };
const multiplier = { min: 1, max: 10, decimals: 2 };
const adjustment = { min: -1_000_000_000, max: 1_000_000_000 };

describe('parseNumberText: what a settings number field reads, never changed to fit', () => {
  it('reads counts, with thousands grouped the Vietnamese or the English way', () => {
    expect(parseNumberText(' 5 ', points)).toEqual({ ok: true, value: 5 });
    expect(parseNumberText('0', points)).toEqual({ ok: true, value: 0 });
    expect(parseNumberText('1.000', points)).toEqual({ ok: true, value: 1000 });
    expect(parseNumberText('1,000,000', points)).toEqual({ ok: true, value: 1_000_000 });
    expect(parseNumberText('12', months)).toEqual({ ok: true, value: 12 });
  });

  it('refuses a minus sign (ASCII or typographic) rather than dropping it', () => {
    expect(parseNumberText('-5', points)).toEqual({ ok: false, reason: 'negative' });
    expect(parseNumberText('\u22125', points)).toEqual({ ok: false, reason: 'negative' });
    // Where the least allowed is 1, that is what the message says.
    expect(parseNumberText('-1', months)).toEqual({ ok: false, reason: 'tooSmall' });
    expect(parseNumberText('-', points)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses decimals in a count, and too many in a multiplier', () => {
    expect(parseNumberText('2.5', points)).toEqual({ ok: false, reason: 'whole' });
    expect(parseNumberText('1,5', multiplier)).toEqual({ ok: true, value: 1.5 });
    expect(parseNumberText('1.25', multiplier)).toEqual({ ok: true, value: 1.25 });
    expect(parseNumberText('1.125', multiplier)).toEqual({ ok: false, reason: 'tooManyDecimals' });
  });

  it('refuses out-of-range numbers instead of clamping them', () => {
    expect(parseNumberText('0', months)).toEqual({ ok: false, reason: 'tooSmall' });
    expect(parseNumberText('121', months)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(parseNumberText('2000000', points)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(parseNumberText('0.5', multiplier)).toEqual({ ok: false, reason: 'tooSmall' });
    expect(parseNumberText('25', multiplier)).toEqual({ ok: false, reason: 'tooLarge' });
  });

  it('says when nothing or not a number was typed', () => {
    expect(parseNumberText('  ', points)).toEqual({ ok: false, reason: 'empty' });
    expect(parseNumberText('abc', points)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseNumberText('5e3', points)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseNumberText('1.2.3', multiplier)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reads a minus sign where the field takes negatives (a points adjustment), never dropping it', () => {
    expect(parseNumberText('-50', adjustment)).toEqual({ ok: true, value: -50 });
    expect(parseNumberText('\u2212 50', adjustment)).toEqual({ ok: true, value: -50 });
    expect(parseNumberText('-1.000', adjustment)).toEqual({ ok: true, value: -1000 });
    expect(parseNumberText('50', adjustment)).toEqual({ ok: true, value: 50 });
    expect(parseNumberText('-1.5', adjustment)).toEqual({ ok: false, reason: 'whole' });
    expect(parseNumberText('-', adjustment)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseNumberText('--5', adjustment)).toEqual({ ok: false, reason: 'malformed' });
    expect(parseNumberText('-2000000000', adjustment)).toEqual({ ok: false, reason: 'tooSmall' });
  });
});
