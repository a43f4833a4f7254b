import { describe, expect, it } from 'vitest';
import { createScanDetector } from '../src/renderer/src/hooks/scanDetector';

function feed(text: string, gaps: number | number[], enterGap = 10) {
  const d = createScanDetector<string>();
  let t = 1000;
  [...text].forEach((ch, i) => {
    t += Array.isArray(gaps) ? (gaps[i] ?? 10) : gaps;
    d.char(ch, t, () => `ctx@${i}`);
  });
  return d.enter(t + enterGap);
}

describe('card reader detection', () => {
  it('takes a fast burst ending in Enter as a scan, with the first key context', () => {
    expect(feed('880000000013', 10)).toEqual({ code: '880000000013', context: 'ctx@0' });
    expect(feed('880000000013', 16)).toEqual({ code: '880000000013', context: 'ctx@0' });
  });
  it('tolerates one delayed key in a reader burst', () => {
    expect(feed('880000000013', [10, 10, 10, 70, 10, 10, 10, 10, 10, 10, 10, 10])?.code).toBe('880000000013');
    expect(feed('880000000013', [10, 10, 10, 10, 10, 150, 10, 10, 10, 10, 10, 10])?.code).toBe('880000000013');
  });
  it('keeps the first keys when the reader is held back right after them', () => {
    expect(feed('880000000013', [10, 10, 150, 10, 10, 10, 10, 10, 10, 10, 10, 10])?.code).toBe('880000000013');
    expect(feed('880000000013', [10, 160, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10])?.code).toBe('880000000013');
  });
  it('leaves out what a person typed before pausing to swipe', () => {
    const d = createScanDetector<string>();
    let t = 0;
    for (const ch of 'ab') d.char(ch, (t += 120), () => `typed ${ch}`);
    t += 400; // the person stops, then swipes the card
    [...'880000000013'].forEach((ch, i) => d.char(ch, i === 0 ? t : (t += 10), () => 'scan'));
    expect(d.enter(t + 10)).toEqual({ code: '880000000013', context: 'scan' });
  });
  it('tolerates a person key only when it lands right against the swipe (it cannot be told apart)', () => {
    const d = createScanDetector<string>();
    let t = 0;
    for (const ch of 'ab') d.char(ch, (t += 120), () => `typed ${ch}`);
    t += 110;
    [...'880000000013'].forEach((ch, i) => d.char(ch, i === 0 ? t : (t += 10), () => 'scan'));
    expect(d.enter(t + 10)?.code).toBe('b880000000013');
  });
  it('takes a person typing as typing', () => {
    expect(feed('880000000013', 60)).toBeNull();
    expect(feed('880000000013', 120)).toBeNull();
  });
  it('needs a minimum length and a prompt Enter', () => {
    expect(feed('8800', 10)).toBeNull();
    expect(feed('880000000013', 10, 500)).toBeNull();
  });
  it('starts a new burst after a pause, dropping what a person typed before', () => {
    const d = createScanDetector<string>();
    let t = 0;
    for (const ch of 'abc') d.char(ch, (t += 150), () => 'typed');
    t += 1000;
    for (const ch of '880000000013') d.char(ch, (t += 9), () => 'scan');
    expect(d.enter(t + 9)).toEqual({ code: '880000000013', context: 'scan' });
  });
});
