import { defineConfig } from 'vitest/config';

// Benchmarks that need real servers run as vitest files (TypeScript without tsx); they print numbers and
// assert only that every run completed — never a time.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/bench/**/*.bench.ts'],
    setupFiles: ['test/support/vitest-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    reporters: ['default'],
  },
});
