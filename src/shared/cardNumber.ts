/**
 * Card numbers are digits only (a keyboard-wedge reader types them, a Code 128 barcode carries
 * them) and end in a Luhn check digit, which catches every single-digit slip and almost every
 * swap of neighbours, so a misread card is refused instead of matched to someone else.
 */
export const CARD_NUMBER_LENGTH = 12;
const CARD_PREFIX = '88';
const OTHER_INSTALL_PREFIX = '87';

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

/** The highest install number (docs/architecture.md, "Install identity") a card number can carry. */
export const MAX_CARD_INSTALL_TAG = 99;

/**
 * The first install's cards are 88 + a 9-digit sequence + check digit (every number ever issued
 * keeps that form). Another install's are 87 + its install number in two digits + a 7-digit
 * sequence + check digit (8702 0000 0015: till 2's first card), so two tills issuing offline
 * never hand out the same number; ten million cards per till.
 */
export function makeCardNumber(sequence: number, installTag = 1): string {
  if (!Number.isInteger(installTag) || installTag < 1 || installTag > MAX_CARD_INSTALL_TAG)
    throw new Error(`no card numbers for install ${installTag}`);
  const head = installTag === 1 ? CARD_PREFIX : OTHER_INSTALL_PREFIX + String(installTag).padStart(2, '0');
  const width = CARD_NUMBER_LENGTH - head.length - 1;
  const digits = String(sequence);
  if (!Number.isSafeInteger(sequence) || sequence < 0 || digits.length > width) throw new Error('card sequence exhausted');
  const body = head + digits.padStart(width, '0');
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
