import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findElectronBinary } = require('../../scripts/electron-binary.cjs') as {
  findElectronBinary(root?: string): { found: true; path: string } | { found: false; looked: string };
};

const root = path.join(__dirname, '../..');
const binary = findElectronBinary(root);
const reason = binary.found
  ? ''
  : `no Electron binary at ${binary.looked} (it downloads on first use and this machine has no internet; set ELECTRON_OVERRIDE_DIST_PATH to run this test)`;
if (!binary.found) console.log(`[e2e] electron smoke test skipped: ${reason}`);

test('the packaged app starts with a secure window and the wizard', async () => {
  test.skip(!binary.found, reason);
  if (!binary.found) return;
  const app = await electron.launch({ executablePath: binary.path, args: [root], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('navigation', { name: 'Setup steps' })).toBeVisible();
    // Sandboxed, isolated renderer: no Node globals, only the task-shaped bridge.
    const globals = await window.evaluate(() => ({
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: typeof (window as unknown as { sponsorship?: { install?: unknown } }).sponsorship?.install,
    }));
    expect(globals).toEqual({ process: 'undefined', bridge: 'object' });
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  } finally {
    await app.close();
  }
});
