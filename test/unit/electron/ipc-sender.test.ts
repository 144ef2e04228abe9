import { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { RENDERER_ORIGIN } from '../../../main/electron/app-protocol';
import { isOwnRendererUrl, isTrustedSender } from '../../../main/electron/ipc-wiring';

describe('IPC sender check', () => {
  const mainFrame = { url: 'app://renderer/index.html' };
  const sender = { mainFrame };

  it('accepts only the main frame of a window this app created, loaded from app://renderer', () => {
    vi.spyOn(BrowserWindow, 'fromWebContents').mockReturnValue({ id: 7 } as never);
    const windows = new Set([7]);
    expect(isTrustedSender({ sender, senderFrame: mainFrame } as never, windows, RENDERER_ORIGIN)).toBe(true);
    expect(isTrustedSender({ sender, senderFrame: { url: mainFrame.url } } as never, windows, RENDERER_ORIGIN)).toBe(false);
    expect(isTrustedSender({ sender, senderFrame: mainFrame } as never, new Set([8]), RENDERER_ORIGIN)).toBe(false);
    const fileFrame = { url: 'file:///app/out/renderer/index.html' };
    expect(isTrustedSender({ sender: { mainFrame: fileFrame }, senderFrame: fileFrame } as never, windows, RENDERER_ORIGIN)).toBe(false);
  });

  it('refuses a sender that is not one of our windows', () => {
    vi.spyOn(BrowserWindow, 'fromWebContents').mockReturnValue(null as never);
    expect(isTrustedSender({ sender, senderFrame: mainFrame } as never, new Set([7]), RENDERER_ORIGIN)).toBe(false);
  });

  it('accepts exactly the app://renderer origin', () => {
    for (const url of ['app://renderer/index.html', 'app://renderer/', 'app://renderer/assets/index.js', 'app://renderer/a/../index.html']) {
      expect(isOwnRendererUrl(url, RENDERER_ORIGIN), url).toBe(true);
    }
    for (const url of [
      'file:///app/out/renderer/index.html',
      'file://renderer/index.html',
      'app://renderer.evil.example/index.html',
      'app://evil.example/renderer/index.html',
      'app://renderer:8080/index.html',
      'app://user:pass@renderer/index.html',
      'app://renderer%2e/index.html',
      'https://renderer/index.html',
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,<script>',
      'garbage',
      '',
    ]) {
      expect(isOwnRendererUrl(url, RENDERER_ORIGIN), url).toBe(false);
    }
  });

  it('in an unpackaged run with a dev server, compares with that origin only', () => {
    expect(isOwnRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isOwnRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isOwnRendererUrl('app://renderer/index.html', 'http://localhost:5173')).toBe(false);
  });
});
