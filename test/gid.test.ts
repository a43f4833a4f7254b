/** Global ids as 16 bytes and back (shared/gid.ts), and the change log's entity codes (db/entities.ts). */
import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { ENTITY_CODES, entityName } from '../src/main/db/entities';
import { gidBytes, gidText } from '../src/shared/gid';

describe('global ids', () => {
  it('round-trips UUIDs through 16 bytes, in the byte order SQLite unhex() gives the migration', () => {
    for (let i = 0; i < 200; i++) {
      const id = uuidv7();
      const bytes = gidBytes(id)!;
      expect(bytes).toHaveLength(16);
      expect(gidText(bytes)).toBe(id);
      expect(Buffer.from(bytes).toString('hex')).toBe(id.replace(/-/g, ''));
    }
    expect(gidText(gidBytes('0175811A-A511-7E40-B107-D63C6F2D0147')!)).toBe('0175811a-a511-7e40-b107-d63c6f2d0147');
    // Every byte value at every position, in both cases of hex digits.
    for (let start = 0; start < 256; start++) {
      const want = Buffer.from(Array.from({ length: 16 }, (_, i) => (start + i * 17) % 256));
      const hex = want.toString('hex');
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      expect(Buffer.from(gidBytes(id)!).equals(want)).toBe(true);
      expect(Buffer.from(gidBytes(id.toUpperCase())!).equals(want)).toBe(true);
    }
  });

  it('says null for what is not a UUID, and refuses bytes of the wrong length', () => {
    for (const bad of ['', 'cust-1', '0175811a-a511-7e40-b107-d63c6f2d014', '0175811a-a511-7e40-b107-d63c6f2d014g', '123'])
      expect(gidBytes(bad)).toBeNull();
    expect(() => gidText(new Uint8Array(15))).toThrow(/16 bytes/);
  });

  it('names every entity code and refuses an unknown one', () => {
    for (const [name, code] of Object.entries(ENTITY_CODES)) expect(entityName(code)).toBe(name);
    expect(new Set(Object.values(ENTITY_CODES)).size).toBe(Object.keys(ENTITY_CODES).length);
    expect(() => entityName(99)).toThrow(/unknown/);
  });
});
