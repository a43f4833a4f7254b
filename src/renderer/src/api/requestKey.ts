/**
 * A random UUID (v4) for a call's idempotency key. `crypto.randomUUID` exists only in secure
 * contexts: a tablet reaching `serve --lan` at http://192.168.x.y is not one (loopback is), and
 * there the counter could not record a sale. `getRandomValues` is available everywhere.
 */
export function newRequestKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
