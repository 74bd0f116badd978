import { defineConfig } from 'vitest/config';

/**
 * Files that take the machine for themselves: they kill processes mid-job, starve the
 * CPU or the event loop on purpose, drive a browser, or time a watchdog. They run one
 * at a time, after the others, which run two at a time (CI has 2 cores). Every suite
 * has its own database schema and folders, so files never share state.
 */
const ALONE = [
  'test/jobs/restart.test.ts',
  'test/jobs/lease-starved.test.ts',
  'test/jobs/database-crash.test.ts',
  'test/jobs/sqlite-locked.test.ts',
  'test/jobs/scale-out-kill.test.ts',
  'test/api/watchdog.test.ts',
  'test/web/**/*.test.ts',
];

const shared = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'together',
          include: ['test/**/*.test.ts'],
          exclude: ALONE,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'alone',
          include: ALONE,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
