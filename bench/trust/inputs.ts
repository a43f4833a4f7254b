/**
 * Fuzz inputs for every contract method: a plausible input built from the method's zod schema
 * (ids of real rows, dates in range, texts that pass the schema's own checks), then mutated with
 * hostile values (huge strings, extreme numbers and dates, control characters, RTL, emoji,
 * SQL-looking text, `__proto__` keys, deep nesting); and pure garbage bodies. The plausible part is
 * what gets past the first check, so the services themselves meet the odd values.
 */
import type { z } from 'zod';
import type { Rng } from '../lib/prng';

/** Real values of the fuzzed shop, by the field names that take them. */
export type Known = Record<string, string[]>;

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

const HUGE = 'Ư'.repeat(70_000);
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f\u007f',
  '\t\r\n',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  'שָׁלוֹם',
  '👩‍👩‍👧‍👦🇻🇳🇹🇼',
  '\uD800',
  '\uDFFF\uD800',
  'Ą̷̧͎̘̩͎̦̈́̓̈́̿͘',
  "'; DROP TABLE customers; --",
  '" OR 1=1 --',
  "1' UNION SELECT * FROM sqlite_master --",
  '%s%n%x',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '*',
  '"',
  'NEAR(',
  'customers_fts MATCH',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  'x'.repeat(65),
  'x'.repeat(501),
  'y'.repeat(10_001),
  HUGE,
  'Nguyễn Thị Minh Khai',
  '陳大文',
  '0000-00-00',
  '9999-12-31',
  '10000-01-01',
  '2026-02-30',
  '2026-13-01',
  '1899-12-31',
  '1900-01-01',
  '+275760-09-13',
  '2026-11-25T03:00:00Z',
  '2026-11-25\u0000',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0912 345 678',
  '+84 912 345 678',
  '+999999999999999999999',
  'C000001',
  '880000000014',
];

export const NASTY_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  1e-300,
  1e300,
  -1e300,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 63,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  100,
  1000,
  10_000,
  86_400_000,
];

const plainStrings = (known: Known, field: string): string[] => [
  ...(known[field] ?? []),
  ...(known[field.replace(/s$/, '')] ?? []),
  'Nguyễn Văn An',
  '2026-11-20',
  'fuzz-key-000001',
  'C000001',
  '0912345678',
  'an@example.vn',
  'quận 1',
  'a',
  'vip',
];

/** A plausible value for `schema` (not always valid: refinements across fields are not solved). */
export function sample(schema: z.ZodType, rng: Rng, known: Known, field = '', depth = 0): unknown {
  const d = defOf(schema);
  if (depth > 12) return undefined;
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      if ((d.type === 'optional' || d.type === 'default') && rng.chance(0.25)) return undefined;
      if (d.type === 'nullable' && rng.chance(0.15)) return null;
      return sample(d.innerType as z.ZodType, rng, known, field, depth + 1);
    case 'pipe':
      return sample(d.in as z.ZodType, rng, known, field, depth + 1);
    case 'transform':
      return undefined;
    case 'lazy':
      return sample((d.getter as () => z.ZodType)(), rng, known, field, depth + 1);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) {
        const value = sample(v, rng, known, k, depth + 1);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    case 'array': {
      const s = schema as unknown as { _zod: { bag: { minimum?: number; maximum?: number } } };
      const min = Math.max(0, s._zod.bag.minimum ?? 0);
      // Rule trees recurse through arrays: deeper down, only the minimum (else the sample grows as 3^depth).
      const n = Math.min(min + (depth > 6 ? 0 : rng.int(0, 3)), s._zod.bag.maximum ?? 4);
      return Array.from({ length: Math.max(min, n) }, () => sample(d.element as z.ZodType, rng, known, field, depth + 1));
    }
    case 'tuple':
      return (d.items as z.ZodType[]).map((i) => sample(i, rng, known, field, depth + 1));
    case 'record': {
      const k = sample(d.keyType as z.ZodType, rng, known, field, depth + 1);
      return { [typeof k === 'string' ? k : 'key']: sample(d.valueType as z.ZodType, rng, known, field, depth + 1) };
    }
    case 'union':
      return sample(rng.pick(d.options as z.ZodType[]), rng, known, field, depth + 1);
    case 'intersection':
      return Object.assign(
        {},
        sample(d.left as z.ZodType, rng, known, field, depth + 1),
        sample(d.right as z.ZodType, rng, known, field, depth + 1),
      );
    case 'enum':
      return rng.pick(Object.values(d.entries as Record<string, string | number>));
    case 'literal':
      return rng.pick(d.values as unknown[]);
    case 'boolean':
      return rng.chance(0.5);
    case 'null':
      return null;
    case 'number': {
      const n = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
      // Often an extreme the schema still accepts (its bounds, huge or tiny), so a service meets it.
      if (rng.chance(0.35)) {
        const edge = passing(schema, [n.minValue, n.maxValue, ...NASTY_NUMBERS], rng);
        if (edge !== undefined) return edge;
      }
      const lo = Math.max(n.minValue ?? 0, -1e6);
      const hi = Math.min(n.maxValue ?? 1e6, lo + 1e6);
      const v = lo + rng.next() * (hi - lo);
      return n.isInt ? Math.min(Math.max(Math.round(v), Math.ceil(lo)), Math.floor(hi)) : v;
    }
    case 'string': {
      if (field === 'idempotencyKey') return rng.chance(0.3) ? 'fuzz-key-reused' : `fuzz-key-${rng.int(0, 1e9)}`;
      // Often hostile text the schema still accepts (control characters, RTL, lone surrogates,
      // SQL- and FTS-looking text), so it reaches the services and the database.
      if (rng.chance(0.35)) {
        const odd = passing(schema, NASTY_STRINGS, rng);
        if (odd !== undefined) return odd;
      }
      const candidates = plainStrings(known, field);
      const start = rng.int(0, candidates.length - 1);
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[(start + i) % candidates.length]!;
        if (schema.safeParse(c).success) return c;
      }
      return candidates[start];
    }
    default:
      return null;
  }
}

/** One of `values` that `schema` accepts, tried from a random start; undefined when none does. */
function passing<T>(schema: z.ZodType, values: readonly T[], rng: Rng): T | undefined {
  const start = rng.int(0, values.length - 1);
  for (let i = 0; i < values.length; i++) {
    const v = values[(start + i) % values.length]!;
    if (v !== null && schema.safeParse(v).success) return v;
  }
  return undefined;
}

/** A hostile value of any kind. */
export function nastyValue(rng: Rng): unknown {
  switch (rng.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return rng.pick(NASTY_STRINGS);
    case 3:
    case 4:
      return rng.pick(NASTY_NUMBERS) * (rng.chance(0.2) ? -1 : 1);
    case 5:
      return rng.pick([null, true, false, [], {}, [null], { '': '' }]);
    case 6:
      return deep(rng.int(50, 1200), rng.chance(0.5));
    case 7:
      return protoObject();
    case 8:
      return Array.from({ length: rng.int(100, 5000) }, () => rng.pick(NASTY_STRINGS.slice(0, 20)));
    default:
      return { nested: rng.pick(NASTY_STRINGS), n: rng.pick(NASTY_NUMBERS) };
  }
}

function deep(n: number, arrays: boolean): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = arrays ? [v] : { kind: 'group', op: 'and', rules: [v] };
  return v;
}

/** An object whose own keys are `__proto__`, `constructor` and `prototype`, as JSON.parse makes them. */
function protoObject(): unknown {
  return JSON.parse('{"__proto__": {"polluted": true, "isAdmin": true}, "constructor": {"prototype": {"polluted": true}}}');
}

/** The value with one leaf (or key) replaced, removed or added. */
export function mutate(value: unknown, rng: Rng, times = 1): unknown {
  let v = value;
  for (let i = 0; i < times; i++) v = mutateOnce(v, rng);
  return v;
}

function mutateOnce(value: unknown, rng: Rng): unknown {
  if (value === null || typeof value !== 'object') return rng.chance(0.9) ? nastyValue(rng) : undefined;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) };
  const keys = Object.keys(copy);
  const roll = rng.int(0, 9);
  if (keys.length === 0 || roll === 0) {
    // A key the schema does not know, sometimes one that pollutes prototypes in careless code.
    const k = rng.pick(['__proto__', 'constructor', 'prototype', 'extra', 'id', 'toString', '']);
    Object.defineProperty(copy, k, { value: nastyValue(rng), enumerable: true, writable: true, configurable: true });
    return copy;
  }
  const k = rng.pick(keys);
  const target = copy as Record<string, unknown>;
  if (roll === 1) delete target[k];
  else if (roll <= 4) target[k] = mutateOnce(target[k], rng);
  else target[k] = nastyValue(rng);
  return copy;
}

/** A request body that is not a plausible input at all: raw text, broken JSON, any JSON value. */
export function garbageBody(rng: Rng): string | Uint8Array {
  switch (rng.int(0, 7)) {
    case 0:
      return rng.pick(['', ' ', 'null', 'undefined', '{', '[', '{"a":', '"\\ud800"', '{"a":1,"a":2}', 'NaN', '1e999', '-', '\u0000']);
    case 1:
      return '['.repeat(rng.int(1000, 200_000)) + ']'.repeat(rng.int(0, 10));
    case 2:
      return '{"a":'.repeat(rng.int(500, 20_000)) + '1' + '}'.repeat(rng.int(0, 20_000));
    case 3:
      // Bytes that are seldom UTF-8.
      return Uint8Array.from({ length: rng.int(1, 200) }, () => rng.int(0, 255));
    case 4:
      return JSON.stringify(rng.pick(NASTY_STRINGS));
    default:
      return JSON.stringify(nastyValue(rng));
  }
}
