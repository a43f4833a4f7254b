/**
 * Coupon codes: short, read aloud over the counter and typed from paper without mistakes.
 *
 * Alphabet: Crockford's base 32 without 0, 1 (never confused with O, I, L because none of those
 * exists either), without U (Crockford's choice) and without Z (a handwritten Z reads as 2). That
 * leaves 29 symbols, and 29 is prime, which is what makes the check character exact:
 *
 *   the code x_0 … x_n (check last) is valid when  Σ (n + 1 − j) · x_j ≡ 0  (mod 29),
 *
 * i.e. weight 1 on the check character, 2 on the one before, and so on (ISBN-10's scheme, mod 29).
 *  - one wrong character at j changes the sum by w_j · (a − b); both factors lie in 1…28 and 29
 *    is prime, so the sum cannot stay 0: every single substitution is caught;
 *  - swapping neighbours j, j+1 changes it by (w_j − w_{j+1}) · (a − b) = ±(a − b) ≠ 0: every swap
 *    of neighbours is caught (and, with weights two apart, every swap around a middle character);
 * as long as a code has at most 28 characters (the weights must stay distinct and non-zero mod 29).
 * test/couponCode.test.ts checks both claims exhaustively over many codes.
 *
 * Shape: the body's first character is always a letter, so a code is never all digits and the
 * scan router can never take it for a card number (12 digits, shared/cardNumber.ts), whatever
 * prefix an install puts in front.
 */
export const COUPON_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXY';
const BASE = COUPON_ALPHABET.length; // 29, prime
const LETTERS = 'ABCDEFGHJKMNPQRSTVWXY';
/** Characters of the random-looking body (the first is a letter); a check character follows. */
export const COUPON_BODY_LENGTH = 8;
/** Longest code (prefix + body + check) the check character fully protects. */
export const COUPON_MAX_LENGTH = BASE - 1;

const VALUE = new Map<string, number>([...COUPON_ALPHABET].map((c, i) => [c, i]));

/**
 * What people type for a symbol that is not in the alphabet. Z and U never appear in a code, so
 * reading them as the one symbol they resemble (2, V) can only help, and the check character still
 * guards the result. O/0 and I/1/L are left alone: each could be one of several symbols (D or Q,
 * J or T or 7), and a guess that happened to pass the check would redeem someone else's coupon.
 */
const TYPED_AS: Record<string, string> = { Z: '2', U: 'V' };

/** The space of bodies: a letter, then 7 symbols. */
const SPACE = LETTERS.length * BASE ** (COUPON_BODY_LENGTH - 1); // 21 · 29^7 ≈ 3.6e11, exact in a double
/**
 * Consecutive sequence numbers become codes far apart: x → (A·x + B) mod SPACE is a bijection
 * because A shares no factor with SPACE = 3 · 7 · 29^7, and A ≈ SPACE / φ (the golden ratio)
 * scatters consecutive x over the whole space, so every character changes from one coupon to the
 * next (a small multiplier left the first characters the same on every coupon of a shop). This
 * spreads codes; it is not secrecy: the check character and a personal coupon's owner are what
 * refuse a made-up code.
 */
const SPREAD_A = 223_881_207_056;
const SPREAD_B = 104_729;

function mulMod(a: number, b: number, m: number): number {
  return Number((BigInt(a) * BigInt(b)) % BigInt(m));
}

/** The check character for a payload of alphabet symbols (prefix + body). */
export function couponCheckChar(payload: string): string {
  let sum = 0;
  const n = payload.length;
  for (let j = 0; j < n; j++) sum += (n + 1 - j) * VALUE.get(payload[j]!)!;
  return COUPON_ALPHABET[(BASE - (sum % BASE)) % BASE]!;
}

/** The body for the sequence-th coupon of an install (1-based); unique for every sequence < SPACE. */
export function couponBody(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence >= SPACE) throw new Error('coupon sequence out of range');
  let x = (mulMod(SPREAD_A, sequence, SPACE) + SPREAD_B) % SPACE;
  let out = LETTERS[x % LETTERS.length]!;
  x = Math.floor(x / LETTERS.length);
  for (let i = 1; i < COUPON_BODY_LENGTH; i++) {
    out += COUPON_ALPHABET[x % BASE]!;
    x = Math.floor(x / BASE);
  }
  return out;
}

/**
 * An install's mark in front of its coupon codes (docs/architecture.md, "Install identity"): none
 * for the shop's first install (its codes are body + check, 9 symbols), two symbols of the tag in
 * base 29 for the others (11 symbols). Codes of two installs then differ in length or in their first
 * two symbols, so tills issuing offline never make the same code.
 */
export function couponInstallPrefix(tag: number): string {
  if (!Number.isSafeInteger(tag) || tag < 1 || tag >= BASE * BASE) throw new Error('install tag out of range for a coupon prefix');
  return tag === 1 ? '' : COUPON_ALPHABET[Math.floor(tag / BASE)]! + COUPON_ALPHABET[tag % BASE]!;
}

/** A full code: prefix (alphabet symbols: the install's mark) + body + check. */
export function makeCouponCode(prefix: string, sequence: number): string {
  const payload = prefix + couponBody(sequence);
  if (payload.length + 1 > COUPON_MAX_LENGTH || [...prefix].some((c) => !VALUE.has(c))) throw new Error('bad coupon prefix');
  return payload + couponCheckChar(payload);
}

export type CouponCodeProblem = 'malformed' | 'check_character';

/** Upper case, separators dropped (spaces, dashes, dots, underscores), Z→2 and U→V. */
export function normaliseCouponCode(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[\s\-._]+/g, '')
    .replace(/[ZU]/g, (c) => TYPED_AS[c]!);
}

/** The shape of a coupon code (before the check character is verified): routes a scan. */
export function looksLikeCouponCode(raw: string): boolean {
  const code = normaliseCouponCode(raw);
  return (
    code.length >= COUPON_BODY_LENGTH + 1 && code.length <= COUPON_MAX_LENGTH && [...code].every((c) => VALUE.has(c)) && /[A-Y]/.test(code)
  );
}

export function checkCouponCode(raw: string): { ok: true; code: string } | { ok: false; problem: CouponCodeProblem } {
  const code = normaliseCouponCode(raw);
  if (!looksLikeCouponCode(code)) return { ok: false, problem: 'malformed' };
  if (couponCheckChar(code.slice(0, -1)) !== code.slice(-1)) return { ok: false, problem: 'check_character' };
  return { ok: true, code };
}

/** Groups of three from the end for printing and reading aloud: "KQ7-MP3-XA9". */
export function formatCouponCode(code: string): string {
  const groups: string[] = [];
  for (let end = code.length; end > 0; end -= 3) groups.unshift(code.slice(Math.max(0, end - 3), end));
  return groups.join('-');
}
