import { PIN_MAX, PIN_MIN } from '../../../../shared/contract/staff';

export type PinEntry = { pin: string } | { refused: 'scan' | 'notPin' };

/**
 * What the PIN field may send. Nothing typed is trimmed, filtered or cut to length: a 12-digit card
 * cut to 8, or a coupon code stripped to its digits, could be someone's PIN. So whatever is not
 * exactly 4 to 8 digits is refused, and so is anything the scan detector saw arrive at a reader's pace.
 */
export function pinFromEntry(typed: string, scanned: boolean): PinEntry {
  if (scanned) return { refused: 'scan' };
  if (typed.length < PIN_MIN || typed.length > PIN_MAX || !/^[0-9]+$/.test(typed)) return { refused: 'notPin' };
  return { pin: typed };
}
