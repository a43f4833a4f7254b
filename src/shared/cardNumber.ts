/**
 * Card numbers are digits only (a keyboard-wedge reader types them, a Code 128 barcode carries
 * them) and end in a Luhn check digit, which catches every single-digit slip and almost every
 * swap of neighbours, so a misread card is refused instead of matched to someone else.
 */
export const CARD_NUMBER_LENGTH = 12;
const CARD_PREFIX = '88';

export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  let double = true;
  for (let i = payload.length - 1; i >= 0; i--) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

export function makeCardNumber(sequence: number): string {
  const body = CARD_PREFIX + String(sequence).padStart(CARD_NUMBER_LENGTH - CARD_PREFIX.length - 1, '0');
  if (body.length !== CARD_NUMBER_LENGTH - 1) throw new Error('card sequence exhausted');
  return body + String(luhnCheckDigit(body));
}

export type CardNumberProblem = 'malformed' | 'check_digit';

/** Strips what readers and people add (spaces, dashes) and checks the shape and check digit. */
export function checkCardNumber(raw: string): { ok: true; number: string } | { ok: false; problem: CardNumberProblem } {
  const number = raw.replace(/[\s-]+/g, '');
  if (!/^\d+$/.test(number) || number.length !== CARD_NUMBER_LENGTH) return { ok: false, problem: 'malformed' };
  const expected = luhnCheckDigit(number.slice(0, -1));
  if (expected !== number.charCodeAt(number.length - 1) - 48) return { ok: false, problem: 'check_digit' };
  return { ok: true, number };
}

/** Groups of four for printing and reading aloud: 8800 0000 0017. */
export function formatCardNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}
