/**
 * Search folding shared by the database (the stored search column) and the UI (highlighting).
 * NFD + strip combining marks handles Vietnamese letters with two marks (ộ, ữ); đ/Đ is a letter
 * of its own in Unicode, not d + mark, so it is mapped by hand.
 */
const COMBINING_MARKS = /\p{M}+/gu;

export function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

/**
 * How two place names compare in a segment's area condition: Unicode case and composition
 * ignored ("QUẬN 1", "quận 1" and a decomposed "Quận 1" are one area), inner spaces collapsed,
 * marks kept ("Quan 1" is a different spelling, not the same place).
 */
export function areaKey(input: string): string {
  return input.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}
