import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Component tests render the renderer's .tsx with React 19's automatic runtime, as electron-vite builds it.
  esbuild: { jsx: 'automatic' },
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    setupFiles: ['test/support/vitest-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers, proxies and keychains; two cores only.
    maxWorkers: 2,
    reporters: ['default'],
    // electron-store imports `electron` itself: inlined, it gets the test's electron mock instead of
    // Electron's binary download.
    server: { deps: { inline: ['electron-store'] } },
  },
});
