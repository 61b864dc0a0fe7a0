/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, 2009): each ranked list gives an item
 * 1 / (k + rank), and the sums decide the order. It needs no score calibration between lists,
 * which is why BM25 and cosine similarity can be combined with it.
 */
export const RRF_K = 60;

export function reciprocalRankFusion(lists: ReadonlyArray<readonly string[]>, k = RRF_K): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, index) => fused.set(id, (fused.get(id) ?? 0) + 1 / (k + index + 1)));
  }
  return fused;
}
