import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start real daemons in namespaces; two at a time fits a 2-core CI machine.
    maxWorkers: 2,
  },
});
