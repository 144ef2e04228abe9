import { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { isOwnRendererUrl, isTrustedSender } from '../../../main/electron/ipc-wiring';

describe('IPC sender check', () => {
  const mainFrame = { url: 'file:///app/out/renderer/index.html' };
  const sender = { mainFrame };

  it('accepts only the main frame of a window this app created, loaded from our bundle', () => {
    vi.spyOn(BrowserWindow, 'fromWebContents').mockReturnValue({ id: 7 } as never);
    const windows = new Set([7]);
    expect(isTrustedSender({ sender, senderFrame: mainFrame } as never, windows, 'file://')).toBe(true);
    expect(isTrustedSender({ sender, senderFrame: { url: mainFrame.url } } as never, windows, 'file://')).toBe(false);
    expect(isTrustedSender({ sender, senderFrame: mainFrame } as never, new Set([8]), 'file://')).toBe(false);
  });

  it('refuses a sender that is not one of our windows', () => {
    vi.spyOn(BrowserWindow, 'fromWebContents').mockReturnValue(null as never);
    expect(isTrustedSender({ sender, senderFrame: mainFrame } as never, new Set([7]), 'file://')).toBe(false);
  });

  it('compares the frame URL with the renderer origin', () => {
    expect(isOwnRendererUrl('file:///app/index.html', 'file://')).toBe(true);
    expect(isOwnRendererUrl('https://evil.example/', 'file://')).toBe(false);
    expect(isOwnRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isOwnRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isOwnRendererUrl('garbage', 'file://')).toBe(false);
  });
});
