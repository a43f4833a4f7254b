/**
 * LAN mode of browser mode (issue 19): a tablet at the counter reaches `serve --lan` through one of
 * this computer's IPv4 addresses. Which addresses those are, and which callers are this computer.
 */
import os from 'node:os';

/** This computer's non-internal IPv4 addresses (the ones a tablet on the shop's network can reach). */
export function lanAddresses(): string[] {
  const found: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !found.includes(a.address)) found.push(a.address);
  }
  return found;
}

/** Whether a socket's remote address is this computer's loopback (IPv4-mapped forms included). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return /^127\.\d+\.\d+\.\d+$/.test(v4);
}

/** How long the address list is reused: a Host check per request must not ask the kernel each time, but DHCP may change it. */
const ADDRESSES_TTL_MS = 5000;

/** lanAddresses(), read again at most every few seconds. */
export function cachedLanAddresses(): () => string[] {
  let at = 0;
  let addresses: string[] = [];
  return () => {
    const now = Date.now();
    if (now - at > ADDRESSES_TTL_MS) {
      addresses = lanAddresses();
      at = now;
    }
    return addresses;
  };
}
