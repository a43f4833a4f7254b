import { describe, expect, it } from 'vitest';
import { pinFromEntry } from '../src/renderer/src/components/staff/pinEntry';
import { createScanDetector } from '../src/renderer/src/hooks/scanDetector';

describe('the PIN field', () => {
  it('sends a PIN of 4 to 8 digits typed by a person', () => {
    expect(pinFromEntry('1234', false)).toEqual({ pin: '1234' });
    expect(pinFromEntry('24681357', false)).toEqual({ pin: '24681357' });
  });

  it('never turns a card number or a coupon code into a PIN (no cutting, no stripping)', () => {
    // A 12-digit card cut to 8, or a coupon reduced to its digits, could be someone's PIN.
    expect(pinFromEntry('260000000017', false)).toEqual({ refused: 'notPin' });
    expect(pinFromEntry('RG7K-2Q4M-8', false)).toEqual({ refused: 'notPin' });
    expect(pinFromEntry('1234 ', false)).toEqual({ refused: 'notPin' });
    expect(pinFromEntry('123', false)).toEqual({ refused: 'notPin' });
  });

  it('refuses a reader-fast burst even when it is exactly a PIN', () => {
    const d = createScanDetector<null>();
    let at = 1000;
    for (const ch of '24681357') d.char(ch, (at += 9), () => null);
    const scanned = d.enter((at += 9)) !== null;
    expect(scanned).toBe(true);
    expect(pinFromEntry('24681357', scanned)).toEqual({ refused: 'scan' });
  });
});
