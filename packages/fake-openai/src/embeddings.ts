/**
 * Deterministic embeddings: a hashed bag of lower-cased word stems, L2-normalised. Texts that share words
 * get similar vectors, which is enough to exercise hybrid retrieval without a real model.
 */
export function fakeEmbedding(text: string, dimensions = 256): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const stem = word.length > 4 ? word.slice(0, 5) : word;
    let hash = 2166136261;
    for (let index = 0; index < stem.length; index++) {
      hash ^= stem.charCodeAt(index);
      hash = Math.imul(hash, 16777619);
    }
    const slot = (hash >>> 0) % dimensions;
    vector[slot] = (vector[slot] ?? 0) + ((hash >>> 31) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}
