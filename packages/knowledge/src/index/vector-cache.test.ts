import { describe, expect, it } from 'vitest';
import { nearestVectors, type VectorCache } from './vector-cache.js';
import { bytesToVector, dot, normalizeVector, vectorToBytes } from './vectors.js';

describe('nearestVectors', () => {
  // Deterministic pseudo-random unit vectors; odd dimensions exercise the dot product's tail.
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const vectorOf = (dimensions: number) => normalizeVector(Array.from({ length: dimensions }, next));
  const cache: VectorCache = { version: '1', ids: [], sources: [], vectors: [] };
  for (let position = 0; position < 500; position++) {
    cache.ids.push(`chunk-${position}`);
    cache.sources.push(position % 5 === 0 ? 'internal' : 'help');
    cache.vectors.push(vectorOf(37));
  }
  const query = vectorOf(37);

  it('returns exactly the best `limit` of the enabled sources, best first, as a full sort would', () => {
    const expected = cache.ids
      .map((chunkId, position) => ({ chunkId, similarity: dot(query, cache.vectors[position]!), source: cache.sources[position] }))
      .filter((hit) => hit.source === 'help')
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 12)
      .map(({ chunkId, similarity }) => ({ chunkId, similarity }));
    expect(nearestVectors(cache, query, { enabledSources: new Set(['help', 'internal']), sources: ['help'], limit: 12 })).toEqual(expected);
    expect(nearestVectors(cache, query, { enabledSources: new Set(['help']), limit: 12 })).toEqual(expected);
  });

  it('returns fewer when fewer vectors qualify, and none for a limit of 0', () => {
    expect(nearestVectors(cache, query, { enabledSources: new Set(['internal']), limit: 1000 })).toHaveLength(100);
    expect(nearestVectors(cache, query, { enabledSources: new Set(['help']), limit: 0 })).toEqual([]);
  });

  it('computes the dot product of vectors of any length, and 0 for different lengths', () => {
    expect(dot(Float32Array.from([1, 2, 3, 4, 5]), Float32Array.from([5, 4, 3, 2, 1]))).toBe(35);
    expect(dot(Float32Array.from([1, 2]), Float32Array.from([1, 2, 3]))).toBe(0);
  });
});

describe('vector bytes', () => {
  it('round-trips a vector through the little-endian bytes stored in BLOB and bytea columns', () => {
    const vector = Float32Array.from([1.5, -2, 0.25, 3e-8]);
    const bytes = vectorToBytes(vector.subarray(1));
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 0, 192]); // -2 as a little-endian float32
    expect(bytesToVector(bytes)).toEqual(vector.subarray(1));
  });
});
