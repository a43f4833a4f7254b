import { describe, expect, it } from 'vitest';
import { readIntegers } from '../src/main/services/integerList';

describe('readIntegers (group_concat lists of INTEGER columns)', () => {
  it('writes each value from the given index and returns the index after the last', () => {
    const out = new Float64Array(6);
    expect(readIntegers('1767225600000,-86400000,0', out, 1)).toBe(4);
    expect(readIntegers('9007199254740991', out, 4)).toBe(5);
    expect(Array.from(out)).toEqual([0, 1767225600000, -86400000, 0, 9007199254740991, 0]);
  });

  it('reads an empty list (no rows) as nothing', () => {
    const out = new Int32Array(2);
    expect(readIntegers('', out, 0)).toBe(0);
    expect(readIntegers('7', out, 0)).toBe(1);
    expect(Array.from(out)).toEqual([7, 0]);
  });
});
