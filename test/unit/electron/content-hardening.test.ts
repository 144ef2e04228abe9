import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, type HardenableContents, type HardenableSession } from '../../../main/electron/content-hardening';

type Listener = (...args: unknown[]) => unknown;

/** Records every handler the hardening installs, so a test can call them like Electron would. */
function fakeSession() {
  const handlers: Record<string, Listener> = {};
  const listeners: Record<string, Listener> = {};
  const session = {
    setPermissionRequestHandler: (handler: Listener) => (handlers['request'] = handler),
    setPermissionCheckHandler: (handler: Listener) => (handlers['check'] = handler),
    setDevicePermissionHandler: (handler: Listener) => (handlers['device'] = handler),
    setDisplayMediaRequestHandler: (handler: Listener) => (handlers['display'] = handler),
    on: (event: string, listener: Listener) => {
      listeners[event] = listener;
      return session;
    },
  };
  return { session: session as unknown as HardenableSession, handlers, listeners };
}

function fakeContents() {
  const listeners: Record<string, Listener> = {};
  let openHandler: Listener | undefined;
  const contents = {
    on: (event: string, listener: Listener) => {
      listeners[event] = listener;
      return contents;
    },
    setWindowOpenHandler: (handler: Listener) => (openHandler = handler),
  };
  return { contents: contents as unknown as HardenableContents, listeners, openWindow: (url: string) => openHandler?.({ url }) };
}

const preventable = () => ({ preventDefault: vi.fn() });

describe('session hardening', () => {
  it('refuses every permission request and check, device permission and screen capture', () => {
    const { session, handlers } = fakeSession();
    const lines: string[] = [];
    hardenSession(session, (line) => lines.push(line));
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'openExternal']) {
      const callback = vi.fn();
      handlers['request']?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers['check']?.({}, permission, 'file://', {})).toBe(false);
    }
    expect(handlers['device']?.({ deviceType: 'usb', origin: 'file://', device: {} })).toBe(false);
    const streams = vi.fn();
    handlers['display']?.({}, streams);
    expect(streams).toHaveBeenCalledWith(null);
    expect(lines).toContain('[security] denied permission request: media');
    expect(lines).toContain('[security] denied device permission: usb');
  });

  it('cancels device pickers instead of letting Electron choose the first device', () => {
    const { session, listeners } = fakeSession();
    hardenSession(session, () => {});
    const hid = preventable();
    const hidCallback = vi.fn();
    listeners['select-hid-device']?.(hid, { deviceList: [{ deviceId: 'keyboard' }] }, hidCallback);
    expect(hid.preventDefault).toHaveBeenCalled();
    expect(hidCallback).toHaveBeenCalledWith();

    const usb = preventable();
    const usbCallback = vi.fn();
    listeners['select-usb-device']?.(usb, { deviceList: [{ deviceId: 'stick' }] }, usbCallback);
    expect(usb.preventDefault).toHaveBeenCalled();
    expect(usbCallback).toHaveBeenCalledWith();

    const serial = preventable();
    const serialCallback = vi.fn();
    listeners['select-serial-port']?.(serial, [{ portId: 'ttyS0' }], {}, serialCallback);
    expect(serial.preventDefault).toHaveBeenCalled();
    expect(serialCallback).toHaveBeenCalledWith('');
  });

  it('blocks renderer downloads (reports and licenses are saved through main)', () => {
    const { session, listeners } = fakeSession();
    const lines: string[] = [];
    hardenSession(session, (line) => lines.push(line));
    const event = preventable();
    listeners['will-download']?.(event, { getFilename: () => 'payload.sh' }, {});
    expect(event.preventDefault).toHaveBeenCalled();
    expect(lines).toEqual(['[security] blocked download of payload.sh']);
  });
});

describe('web contents hardening', () => {
  it('blocks navigation, subframe navigation and webviews, and logs each', () => {
    const { contents, listeners } = fakeContents();
    const lines: string[] = [];
    hardenWebContents(contents, (line) => lines.push(line));
    const navigation = preventable();
    listeners['will-navigate']?.(navigation, 'https://evil.example/');
    expect(navigation.preventDefault).toHaveBeenCalled();

    const frame = { ...preventable(), isMainFrame: false, url: 'https://evil.example/frame' };
    listeners['will-frame-navigate']?.(frame);
    expect(frame.preventDefault).toHaveBeenCalled();

    const webview = preventable();
    listeners['will-attach-webview']?.(webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(lines).toEqual([
      '[security] blocked navigation to https://evil.example/',
      '[security] blocked frame navigation to https://evil.example/frame',
      '[security] blocked a webview',
    ]);
  });

  it('cancels Bluetooth device selection', () => {
    const { contents, listeners } = fakeContents();
    hardenWebContents(contents, () => {});
    const event = preventable();
    const callback = vi.fn();
    listeners['select-bluetooth-device']?.(event, [{ deviceId: 'headset' }], callback);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(callback).toHaveBeenCalledWith('');
  });

  it('never opens a window, and never hands a URL the page named to the browser (links open by id)', () => {
    const { contents, openWindow } = fakeContents();
    const lines: string[] = [];
    hardenWebContents(contents, (line) => lines.push(line));
    expect(openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(lines).toEqual(['[security] blocked a new window for https://evil.example/', '[security] blocked a new window for file:///etc/passwd']);
  });
});
