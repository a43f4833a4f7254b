import { describe, expect, it } from 'vitest';
import { compareHlc, formatHlc, hlcAheadMs, hlcCounter, hlcMs, packHlc, parseHlc, receiveHlc, tickHlc } from '../src/shared/hlc';

const T = Date.parse('2026-11-25T03:00:00.000Z');
const A = '0192f000-0000-7000-8000-00000000000a';
const B = '0192f000-0000-7000-8000-00000000000b';

describe('hybrid logical clock', () => {
  it('takes the physical clock when it moves on, else counts', () => {
    const a = tickHlc(0, T);
    expect([hlcMs(a), hlcCounter(a)]).toEqual([T, 0]);
    const b = tickHlc(a, T);
    expect([hlcMs(b), hlcCounter(b)]).toEqual([T, 1]);
    const c = tickHlc(b, T + 5);
    expect([hlcMs(c), hlcCounter(c)]).toEqual([T + 5, 0]);
  });

  it('never goes back when the computer clock does', () => {
    let h = tickHlc(0, T);
    const seen = [h];
    for (const now of [T - 60_000, T - 1, T, T - 3_600_000, T + 1, T]) {
      h = tickHlc(h, now);
      seen.push(h);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    expect(hlcMs(seen[1]!)).toBe(T); // behind the last: the counter moves instead
  });

  it('carries into the next millisecond after 1024 events in one', () => {
    let h = tickHlc(0, T);
    for (let i = 0; i < 1024; i++) h = tickHlc(h, T);
    expect([hlcMs(h), hlcCounter(h)]).toEqual([T + 1, 0]);
  });

  it('moves past a received timestamp, ahead or behind', () => {
    const local = packHlc(T, 3);
    const ahead = packHlc(T + 90_000, 7);
    const r = receiveHlc(local, ahead, T);
    expect(r).toBeGreaterThan(ahead);
    expect(tickHlc(r, T)).toBeGreaterThan(ahead);
    expect(hlcAheadMs(ahead, T)).toBe(90_000);
    expect(receiveHlc(local, packHlc(T - 10), T)).toBe(packHlc(T, 4));
    expect(receiveHlc(local, packHlc(T - 10), T + 2)).toBe(packHlc(T + 2, 0));
  });

  it('orders installs with the same timestamp by id, and sorts as text as it does as numbers', () => {
    const h = packHlc(T, 1);
    expect(compareHlc({ hlc: h, install: A }, { hlc: h, install: B })).toBeLessThan(0);
    expect(compareHlc({ hlc: h + 1, install: A }, { hlc: h, install: B })).toBeGreaterThan(0);
    const stamps = [packHlc(T, 0), packHlc(T, 15), packHlc(T, 16), packHlc(T + 1, 0), packHlc(T + 1000, 1023)];
    const texts = stamps.map((s) => formatHlc(s, A));
    expect([...texts].sort()).toEqual(texts);
    expect(texts[1]).toBe('2026-11-25T03:00:00.000Z-000f-0192f00000007000800000000000000a');
    for (const s of stamps) expect(parseHlc(formatHlc(s, A))).toEqual({ hlc: s, install: A });
    expect(parseHlc('2026-11-25T03:00:00.000Z-0400-0192f00000007000800000000000000a')).toBeNull(); // counter ≥ 1024
    expect(parseHlc('garbage')).toBeNull();
    expect(() => packHlc(-1)).toThrow(RangeError);
  });
});
