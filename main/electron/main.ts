import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, net, protocol, session, type Session } from 'electron';
import { createConnectionManager } from '../core/connections';
import { proxyFromPacResult } from '../core/vault-api/system-proxy';
import { createLocalHost } from '../core/host';
import { openSecretStore } from '../core/secrets';
import { buildHandlerTable, createTrust, type AppServices } from '../ipc';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, RENDERER_ENTRY_URL, RENDERER_ORIGIN, rendererFileFor } from './app-protocol';
import { createElectronDialogs } from './dialogs';
import { openExternalSafely } from './external-links';
import { createElectronSettingsStore } from './settings-store';
import { wireIpc } from './ipc-wiring';
import { mainWindowOptions, SECURE_WEB_PREFERENCES } from './window-options';
import { hardenSession, hardenWebContents } from './content-hardening';

const log = (line: string) => console.log(line);

// Every renderer runs sandboxed, including any created later by mistake.
app.enableSandbox();

// The renderer's own scheme must be known before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

// A second copy would edit the same env file and settings: it hands over to the first and quits.
const isPrimaryInstance = app.requestSingleInstanceLock();
if (!isPrimaryInstance) {
  log('[app] another instance is running; focusing it');
  app.quit();
}

const appWindows = new Set<number>();
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererOrigin = devServerUrl && !app.isPackaged ? new URL(devServerUrl).origin : RENDERER_ORIGIN;
const rendererRoot = path.join(__dirname, '../renderer');

/** Serves app://renderer/… from the renderer folder only (traversal refused in rendererFileFor). */
function serveRenderer(target: Session): void {
  target.protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererRoot);
    if (!file) {
      log(`[security] refused app:// request ${request.url.slice(0, 200)}`);
      return new Response('Not found', { status: 404 });
    }
    return net.fetch(pathToFileURL(file).href);
  });
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(path.join(__dirname, '../preload'), { packaged: app.isPackaged }));
  appWindows.add(window.id);
  window.on('closed', () => appWindows.delete(window.id));
  window.once('ready-to-show', () => window.show());
  if (devServerUrl && !app.isPackaged) void window.loadURL(devServerUrl);
  else void window.loadURL(RENDERER_ENTRY_URL);
  return window;
}

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

// No navigation and no new windows, ever: links go to the system browser through the one opener.
// A page's own window.open or link never leaves the app: links open by id through the handler table.
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

void app.whenReady().then(async () => {
  if (!isPrimaryInstance) return;
  const appSession = session.fromPartition(SECURE_WEB_PREFERENCES.partition);
  // The window's partition and the default session (anything created outside it) refuse the same.
  hardenSession(appSession, log);
  hardenSession(session.defaultSession, log);
  serveRenderer(appSession);

  // The keychain probe can take seconds (a locked or absent Secret Service): the window opens at once,
  // and IPC calls that arrive before the services are ready wait for them.
  const trust = createTrust();
  const tableReady = (async () => {
    const settings = await createElectronSettingsStore();
    const secrets = await openSecretStore({ log });
    const services: AppServices = {
      host: createLocalHost(),
      appInfo: async () => ({
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        secretStorage: secrets.persistent ? { persistent: true } : { persistent: false, reason: secrets.reason },
      }),
      dialogs: createElectronDialogs(),
      // Handlers pass only URLs main built (looked up by link id).
      openExternal: (url) => openExternalSafely(url, log),
      clipboard: { writeText: (text) => clipboard.writeText(text) },
      paths: { logs: app.getPath('logs'), downloads: app.getPath('downloads'), licenses: path.join(app.getPath('userData'), 'licenses') },
      settings,
      secrets,
      connections: createConnectionManager({
        settings,
        secrets: secrets.store,
        surface: 'desktop',
        log,
        // The "system proxy" route asks Chromium which proxy the system settings (PAC, WPAD) name for each address.
        routes: { resolveSystemProxy: async (url) => proxyFromPacResult(await appSession.resolveProxy(url)) },
      }),
      log,
      // The firewall check asks Chromium's resolver (system settings, PAC, WPAD) which proxy each host uses.
      resolveSystemProxy: (url) => appSession.resolveProxy(url),
    };
    return buildHandlerTable(services, trust);
  })();
  const unwire = wireIpc(tableReady, { appWindows, rendererOrigin, log });
  app.on('will-quit', () => {
    unwire();
    // The SSH connection to a server (if any) ends with the app.
    void trust.hosts.close();
  });

  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
