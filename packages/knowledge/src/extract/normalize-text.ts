/** Collapses runs of whitespace (including non-breaking spaces) into single spaces and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}
