/**
 * Builds an FTS5 MATCH expression that ORs the terms, each as a quoted string literal, so that
 * words such as NEAR, AND, OR, NOT and characters such as `*`, `^`, `-` and `:` are plain text.
 * Terms come from `queryTerms` and contain only letters and digits; quotes are doubled anyway.
 */
export function ftsMatchExpression(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
}
