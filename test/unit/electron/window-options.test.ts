import { describe, expect, it } from 'vitest';
import { mainWindowOptions, SECURE_WEB_PREFERENCES } from '../../../main/electron/window-options';

describe('secure window defaults', () => {
  it('isolates the renderer: contextIsolation, sandbox, no Node, web security on', () => {
    expect(SECURE_WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(SECURE_WEB_PREFERENCES.sandbox).toBe(true);
    expect(SECURE_WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(SECURE_WEB_PREFERENCES.nodeIntegrationInWorker).toBe(false);
    expect(SECURE_WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
    expect(SECURE_WEB_PREFERENCES.webSecurity).toBe(true);
    expect(SECURE_WEB_PREFERENCES.allowRunningInsecureContent).toBe(false);
    expect(SECURE_WEB_PREFERENCES.webviewTag).toBe(false);
  });

  it('the main window uses exactly those preferences plus the preload', () => {
    const options = mainWindowOptions('/app/out/preload');
    expect(options.webPreferences).toMatchObject(SECURE_WEB_PREFERENCES);
    expect(options.webPreferences?.preload).toBe('/app/out/preload/index.js');
  });

  it('DevTools cannot be opened in a packaged build (only in a development run)', () => {
    expect(mainWindowOptions('/app/out/preload').webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/app/out/preload', { packaged: true }).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/app/out/preload', { packaged: false }).webPreferences?.devTools).toBe(true);
  });
});
