/**
 * Turns texts into vectors, one per text, in order. Any model works as long as the same function
 * embeds both the passages (at ingest) and the questions (at search).
 */
export interface EmbedFunction {
  (texts: string[], options?: { signal?: AbortSignal }): Promise<ArrayLike<number>[]>;
  /**
   * Names the model (and dimensions). It is part of each document's hash, so switching models
   * re-embeds everything on the next ingest instead of mixing incomparable vectors.
   */
  readonly model?: string;
}
