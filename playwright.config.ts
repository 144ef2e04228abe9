import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser; flags keep it from calling home (air-gapped CI).
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  // Generous: CI has two cores, and the flows sign in, derive keys and run commands for real.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: { trace: 'off', screenshot: 'off' },
  projects: [
    {
      name: 'renderer-chromium',
      testMatch: /.*\.e2e\.ts$/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1180, height: 820 },
        colorScheme: 'light',
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-domain-reliability',
            '--metrics-recording-only',
          ],
        },
      },
    },
    {
      name: 'electron',
      testMatch: /.*\.electron\.ts$/,
    },
  ],
});
