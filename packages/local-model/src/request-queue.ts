/**
 * A bounded first-in-first-out queue in front of a fixed number of slots (one per context sequence).
 * A model on a CPU answers one visitor, or a few, at a time; everyone else waits their turn in arrival
 * order rather than in whatever order the event loop happens to wake them, and past `maxQueue` the
 * answer is an immediate, typed "busy" instead of an unbounded wait. A waiter whose signal aborts (the
 * visitor pressed Stop or left) leaves the queue at once and never takes a slot.
 */
import { LocalModelBusyError, LocalModelError, LocalModelErrorCode } from './errors.ts';

export interface QueueOptions {
  /** Requests served at once: the number of context sequences. */
  concurrency: number;
  /** Requests allowed to wait beyond those; one more is refused with `LocalModelBusyError`. */
  maxQueue: number;
}

/** A held slot; `release()` hands it to the next waiter. Releasing twice is harmless. */
export interface QueueLease {
  readonly slot: number;
  release(): void;
}

interface Waiter {
  grant(slot: number): void;
  fail(reason: unknown): void;
}

export class RequestQueue {
  private readonly freeSlots: number[];
  private readonly waiters: Waiter[] = [];
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private closedError: LocalModelError | undefined;

  constructor(options: QueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number >= 1, got ${options.concurrency}`);
    }
    if (!Number.isInteger(options.maxQueue) || options.maxQueue < 0) {
      throw new RangeError(`maxQueue must be a whole number >= 0, got ${options.maxQueue}`);
    }
    this.concurrency = options.concurrency;
    this.maxQueue = options.maxQueue;
    // Lowest slot first, so a lone visitor always reuses sequence 0 and its cached prompt prefix.
    this.freeSlots = Array.from({ length: options.concurrency }, (_, index) => options.concurrency - 1 - index);
  }

  /** Requests holding a slot now. */
  get active(): number {
    return this.concurrency - this.freeSlots.length;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.waiters.length;
  }

  /**
   * Waits for a slot in arrival order. Rejects at once with `LocalModelBusyError` when the queue is full,
   * with `signal.reason` when the signal aborts first, and with a `model_closed` error after `close()`.
   */
  acquire(signal?: AbortSignal): Promise<QueueLease> {
    if (this.closedError) return Promise.reject(this.closedError);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const slot = this.waiters.length === 0 ? this.freeSlots.pop() : undefined;
    if (slot !== undefined) return Promise.resolve(this.lease(slot));
    if (this.waiters.length >= this.maxQueue) return Promise.reject(new LocalModelBusyError(this.active, this.waiters.length));

    return new Promise<QueueLease>((resolve, reject) => {
      const leave = () => {
        const index = this.waiters.indexOf(waiter);
        if (index !== -1) this.waiters.splice(index, 1);
      };
      const onAbort = () => {
        leave();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (granted) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.lease(granted));
        },
        fail: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Refuses new requests and fails every waiter; slots already held stay held until released. */
  close(): void {
    this.closedError ??= new LocalModelError(LocalModelErrorCode.Closed, 'The local model was closed.');
    for (const waiter of this.waiters.splice(0)) waiter.fail(this.closedError);
  }

  private lease(slot: number): QueueLease {
    let released = false;
    return {
      slot,
      release: () => {
        if (released) return;
        released = true;
        const next = this.waiters.shift();
        if (next) next.grant(slot);
        else this.freeSlots.push(slot);
      },
    };
  }
}
