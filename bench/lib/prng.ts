/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so the synthetic shop is the same on
 * every machine and run: Math.random cannot be seeded.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** An independent stream derived from this one (keeps one part's draws from shifting another's). */
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 2166136261;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  const init = splitmix32(seed);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const u32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const next = (): number => u32() / 4294967296;
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    fork: (label) => createRng((u32() ^ hashLabel(label)) >>> 0),
  };
  return rng;
}

/** Draws indexes in proportion to `weights` (cumulative sums + binary search). */
export function weightedSampler(weights: ArrayLike<number>): (rng: Rng) => number {
  const cum = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) cum[i] = total += weights[i]!;
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/**
 * UUIDv7-shaped ids from a seeded stream: a time part that only grows (a fake clock that moves
 * 1 ms per id from `startMs`) and random bits from the PRNG. Same seed, same ids — so the
 * determinism digest can include every id.
 */
export function seededUuidv7(rng: Rng, startMs: number): () => string {
  let ms = startMs;
  const hex = (n: number, len: number): string => n.toString(16).padStart(len, '0');
  return () => {
    ms += 1;
    const t = hex(ms, 12);
    const r1 = rng.int(0, 0xfff);
    const r2 = 0x8000 | rng.int(0, 0x3fff);
    const r3 = rng.int(0, 0xffffff);
    const r4 = rng.int(0, 0xffffff);
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex(r1, 3)}-${hex(r2, 4)}-${hex(r3, 6)}${hex(r4, 6)}`;
  };
}
