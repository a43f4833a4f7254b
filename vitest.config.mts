import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    // Generous: tests that run the real command line (a new Node process each time) take seconds
    // apiece on a loaded machine; a test that hangs still fails.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
