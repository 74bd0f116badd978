import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Database suites share one PostgreSQL server; files run one at a time to keep
    // the 2-core machine responsive and the schemas independent.
    fileParallelism: false,
  },
});
