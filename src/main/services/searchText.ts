/**
 * Making any text a person (or a scanner, or an attacker) types safe to search with. FTS5 reads
 * its query as a C string, so a NUL ends it mid-phrase ("unterminated string"); control
 * characters and lone UTF-16 surrogates can never be part of a stored name either.
 */

// \p{Cc}: C0/C1 controls, NUL included. \p{Cs}: a surrogate not paired up (only lone ones
// match in a `u` regex, so emoji and other astral characters stay).
const UNSEARCHABLE = /[\p{Cc}\p{Cs}]+/gu;

/** The query with control characters and lone surrogates replaced by a space. */
export function searchableText(query: string): string {
  return query.replace(UNSEARCHABLE, ' ');
}

/**
 * One FTS5 phrase matching `term` literally: inside double quotes everything is text except the
 * quote itself, written twice. Null when nothing searchable is left.
 */
export function ftsPhrase(term: string): string | null {
  const clean = searchableText(term).trim();
  if (clean === '') return null;
  return '"' + clean.replace(/"/g, '""') + '"';
}
