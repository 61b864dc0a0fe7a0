import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./src/test/global-setup.ts'],
    // Loading llama.cpp and generating take seconds on a busy 2-core machine; files run one at a time so
    // that two test files never fight over the same cores (timings in the abort tests depend on it).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
