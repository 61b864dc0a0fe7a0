import { describe, expect, it } from 'vitest';
import { LocalModelBusyError, isLocalModelError } from './errors.ts';
import { RequestQueue } from './request-queue.ts';

describe('RequestQueue', () => {
  it('serves up to `concurrency` at once and the rest in arrival order', async () => {
    const queue = new RequestQueue({ concurrency: 2, maxQueue: 4 });
    const order: string[] = [];
    const first = await queue.acquire();
    const second = await queue.acquire();
    expect(new Set([first.slot, second.slot])).toEqual(new Set([0, 1]));

    const waiting = ['c', 'd', 'e'].map((name) => queue.acquire().then((lease) => (order.push(name), lease)));
    expect(queue.queued).toBe(3);
    first.release();
    const c = await waiting[0]!;
    second.release();
    c.release();
    const [d, e] = await Promise.all([waiting[1]!, waiting[2]!]);
    expect(order).toEqual(['c', 'd', 'e']);
    expect(queue.active).toBe(2);
    d.release();
    e.release();
    expect(queue.active).toBe(0);
  });

  it('refuses with a retryable LocalModelBusyError once the queue is full', async () => {
    const queue = new RequestQueue({ concurrency: 1, maxQueue: 1 });
    await queue.acquire();
    void queue.acquire();
    const refused = await queue.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LocalModelBusyError);
    expect(refused).toMatchObject({ code: 'model_busy', retryable: true, active: 1, queued: 1 });
  });

  it('takes an aborted waiter out of the queue, so the next one gets its turn', async () => {
    const queue = new RequestQueue({ concurrency: 1, maxQueue: 2 });
    const holder = await queue.acquire();
    const controller = new AbortController();
    const leaving = queue.acquire(controller.signal);
    const staying = queue.acquire();
    controller.abort();
    await expect(leaving).rejects.toMatchObject({ name: 'AbortError' });
    expect(queue.queued).toBe(1);
    holder.release();
    expect((await staying).slot).toBe(holder.slot);
  });

  it('rejects an already aborted request without queueing it', async () => {
    const queue = new RequestQueue({ concurrency: 1, maxQueue: 1 });
    await expect(queue.acquire(AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(queue.active).toBe(0);
  });

  it('a double release does not free a slot twice', async () => {
    const queue = new RequestQueue({ concurrency: 1, maxQueue: 0 });
    const lease = await queue.acquire();
    lease.release();
    lease.release();
    await queue.acquire();
    await expect(queue.acquire()).rejects.toBeInstanceOf(LocalModelBusyError);
  });

  it('close() fails the waiters and refuses new requests', async () => {
    const queue = new RequestQueue({ concurrency: 1, maxQueue: 1 });
    await queue.acquire();
    const waiting = queue.acquire();
    queue.close();
    const error = await waiting.catch((caught: unknown) => caught);
    expect(isLocalModelError(error, 'model_closed')).toBe(true);
    await expect(queue.acquire()).rejects.toMatchObject({ code: 'model_closed' });
  });

  it('rejects nonsense sizes', () => {
    expect(() => new RequestQueue({ concurrency: 0, maxQueue: 1 })).toThrow(RangeError);
    expect(() => new RequestQueue({ concurrency: 1, maxQueue: -1 })).toThrow(RangeError);
  });
});
