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
 * dimensions take a few tens of milliseconds, which is fine next to a model call and needs no
 * vector extension.
 */
export function nearestVectors(
  cache: VectorCache,
  vector: Float32Array,
  options: { enabledSources: ReadonlySet<string>; sources?: readonly string[]; limit: number },
): Array<{ chunkId: string; similarity: number }> {
  const wanted = options.sources ? new Set(options.sources) : undefined;
  const hits: Array<{ chunkId: string; similarity: number }> = [];
  for (let index = 0; index < cache.ids.length; index++) {
    const source = cache.sources[index]!;
    if (!options.enabledSources.has(source) || (wanted && !wanted.has(source))) continue;
    hits.push({ chunkId: cache.ids[index]!, similarity: dot(vector, cache.vectors[index]!) });
  }
  return hits.sort((a, b) => b.similarity - a.similarity).slice(0, options.limit);
}
