/**
 * Global ids as stored (migration 0100): a UUID's 16 bytes in a BLOB `gid` column, half the
 * 36-character text. The API and sync feeds keep the text form; services convert at the edge.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 16 bytes of a UUID in text form, or null when the text is not a UUID (the caller's NOT_FOUND). */
export function gidBytes(uuid: string): Uint8Array | null {
  if (!UUID.test(uuid)) return null;
  const hex = uuid.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The text form (lower case, dashed) of 16 stored bytes. */
export function gidText(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`a global id has 16 bytes, not ${bytes.length}`);
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[bytes[i]!];
  }
  return s;
}
