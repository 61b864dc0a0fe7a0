import { defineConfig } from 'vitest/config';

// Browser + server processes: one file at a time keeps the 2-core CI machine from timing out.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
