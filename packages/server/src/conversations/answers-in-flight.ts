/**
 * The answers this server instance is generating right now, so that a rating or a comparison that arrives
 * while an answer is still being written (a quick thumbs-down on Stop, a click as the last words arrive) waits
 * for it to be stored instead of being refused and lost.
 */
export class AnswersInFlight {
  private readonly pending = new Map<string, { settled: Promise<void>; settle: () => void }>();

  /** Marks an answer as being generated, until `settle`. */
  open(messageId: string): void {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.pending.set(messageId, { settled, settle });
  }

  /** The answer has been stored in its final state (or could not be). */
  settle(messageId: string): void {
    this.pending.get(messageId)?.settle();
    this.pending.delete(messageId);
  }

  /** Whether this instance is generating the answer. */
  has(messageId: string): boolean {
    return this.pending.has(messageId);
  }

  /** Resolves when none of `messageIds` is being generated here any more, or after `timeoutMs`. */
  async wait(messageIds: readonly string[], timeoutMs: number): Promise<void> {
    const waits = messageIds.flatMap((id) => {
      const entry = this.pending.get(id);
      return entry === undefined ? [] : [entry.settled];
    });
    if (waits.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    try {
      await Promise.race([Promise.all(waits), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  get size(): number {
    return this.pending.size;
  }
}
