import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Security settings of every window, in one place with a test (test/unit/electron/window-options.test.ts).
 * The renderer is untrusted: no Node, isolated context, Chromium sandbox, web security on.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  spellcheck: false,
  // A separate, non-persistent-by-name partition keeps this app's storage apart from any other Electron app.
  partition: 'persist:sponsorship-setup',
} as const satisfies BrowserWindowConstructorOptions['webPreferences'];

/** `packaged`: DevTools cannot be opened in a packaged build (no menu, shortcut or API opens them). */
export function mainWindowOptions(preloadDir: string, options: { packaged: boolean } = { packaged: true }): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 820,
    minWidth: 900,
    minHeight: 640,
    show: false,
    title: 'Sponsorship Setup',
    autoHideMenuBar: true,
    webPreferences: { ...SECURE_WEB_PREFERENCES, devTools: !options.packaged, preload: path.join(preloadDir, 'index.js') },
  };
}
