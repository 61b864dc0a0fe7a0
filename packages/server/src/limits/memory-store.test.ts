import { describe, expect, it } from 'vitest';
import { limitStoreContract, windowMathTests } from './__fixtures__/store-contract.js';
import { MemoryLimitStore } from './memory-store.js';

let next = 0;
describe('MemoryLimitStore', () => {
  limitStoreContract(() => new MemoryLimitStore(), () => `test-${++next}:`);
  windowMathTests();

  it('sweeps expired entries as it grows, so a flood of addresses cannot grow it for ever', async () => {
    const store = new MemoryLimitStore({ sweepAbove: 100 });
    for (let index = 0; index < 1000; index++) await store.hit(`ip:${index}`, 1000, index * 10);
    // Each sweep keeps only the windows that can still count (the last ~2 s): never far past 100 keys.
    expect(store.size).toBeLessThanOrEqual(300);
    expect((await store.hit('ip:fresh', 1000, 10_000)).current).toBe(1);
  });
});
