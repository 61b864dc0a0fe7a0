import { dot } from './vectors.js';

/** Every stored vector of an index, held in memory for brute-force search, tagged with the index version it reflects. */
export interface VectorCache {
  version: string;
  ids: string[];
  sources: string[];
  vectors: Float32Array[];
}

/**
 * Exact nearest neighbours by dot product (cosine for unit vectors): 10,000 chunks of 1,536
 * dimensions take about ten milliseconds, which is fine next to a model call and needs no vector
 * extension. Only the best `limit` are kept while scanning (insertion into a short sorted list), so
 * no result object is made, and nothing sorted, for the thousands of chunks that do not make it.
 */
export function nearestVectors(
  cache: VectorCache,
  vector: Float32Array,
  options: { enabledSources: ReadonlySet<string>; sources?: readonly string[]; limit: number },
): Array<{ chunkId: string; similarity: number }> {
  if (options.limit <= 0) return [];
  const wanted = options.sources ? new Set(options.sources) : undefined;
  const best: Array<{ position: number; similarity: number }> = [];
  for (let position = 0; position < cache.ids.length; position++) {
    const source = cache.sources[position]!;
    if (!options.enabledSources.has(source) || (wanted && !wanted.has(source))) continue;
    const similarity = dot(vector, cache.vectors[position]!);
    if (best.length === options.limit && similarity <= best.at(-1)!.similarity) continue;
    let slot = best.length === options.limit ? best.length - 1 : best.length;
    while (slot > 0 && best[slot - 1]!.similarity < similarity) {
      best[slot] = best[slot - 1]!;
      slot--;
    }
    best[slot] = { position, similarity };
  }
  return best.map(({ position, similarity }) => ({ chunkId: cache.ids[position]!, similarity }));
}
