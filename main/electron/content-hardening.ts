import type { Session, WebContents } from 'electron';

type Log = (line: string) => void;

/** The parts of a Session this file touches (a fake in tests stands in for the real one). */
export type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'setDisplayMediaRequestHandler' | 'on'
>;

/** The parts of a WebContents this file touches. */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * The wizard needs no browser permission at all: camera, microphone, notifications, geolocation,
 * screen capture, HID/USB/serial/Bluetooth devices and downloads are all refused, and logged.
 * (Saving a report or a license goes through main's own dialogs, never a renderer download.)
 */
export function hardenSession(session: HardenableSession, log: Log): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`[security] denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler((details) => {
    log(`[security] denied device permission: ${details.deviceType}`);
    return false;
  });
  session.setDisplayMediaRequestHandler((_request, callback) => {
    log('[security] denied screen capture request');
    callback(null);
  });
  // Device pickers: cancel instead of Electron's default of choosing for the page.
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    log('[security] cancelled HID device request');
    callback();
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    log('[security] cancelled USB device request');
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    log('[security] cancelled serial port request');
    callback('');
  });
  session.on('will-download', (event, item) => {
    event.preventDefault();
    log(`[security] blocked download of ${item.getFilename().slice(0, 200)}`);
  });
}

/**
 * No navigation, no frames navigating, no webviews and no new windows, ever. The page cannot open a
 * URL it names: links go to the system browser only by an id main issued (the `externalOpen` channel).
 */
export function hardenWebContents(contents: HardenableContents, log: Log): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`[security] blocked navigation to ${url.slice(0, 200)}`);
  });
  // Subframes too (the CSP already forbids frames; this holds if it ever loosens). The main frame is will-navigate's.
  contents.on('will-frame-navigate', (details) => {
    if (details.isMainFrame) return;
    details.preventDefault();
    log(`[security] blocked frame navigation to ${details.url.slice(0, 200)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('[security] blocked a webview');
  });
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    // Electron would otherwise pick the first device for the page.
    event.preventDefault();
    log('[security] cancelled Bluetooth device request');
    callback('');
  });
  contents.setWindowOpenHandler(({ url }) => {
    log(`[security] blocked a new window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}
