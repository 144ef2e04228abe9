import { BrowserWindow, ipcMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../../main/core/shared';
import { RENDERER_ORIGIN } from '../../../main/electron/app-protocol';
import { wireIpc } from '../../../main/electron/ipc-wiring';
import { INVOKE, type HandlerTable } from '../../../main/ipc';
import { invokeContract } from '../../../main/ipc/contracts';
import { tableWithOnly } from '../../support/app-services';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

function registeredHandler(channel: string): Handler {
  const call = vi.mocked(ipcMain.handle).mock.calls.find(([name]) => name === channel);
  if (!call) throw new Error(`no handler registered for ${channel}`);
  return call[1] as unknown as Handler;
}

/** Only `app.info` answers; any other channel reached by a test fails it. */
function tableAnswering(info: unknown): HandlerTable {
  return tableWithOnly({ [INVOKE.appInfo]: async () => info as never });
}

const mainFrame = { url: 'app://renderer/index.html' };
const trustedEvent = { sender: { mainFrame, isDestroyed: () => false, send: vi.fn() }, senderFrame: mainFrame };

describe('IPC wiring', () => {
  beforeEach(() => {
    vi.mocked(ipcMain.handle).mockClear();
    vi.spyOn(BrowserWindow, 'fromWebContents').mockReturnValue({ id: 1 } as never);
  });

  it('registers every contract channel, and calls made before the services are ready wait for them', async () => {
    let ready: (table: HandlerTable) => void = () => {};
    const tablePromise = new Promise<HandlerTable>((resolve) => (ready = resolve));
    wireIpc(tablePromise, { appWindows: new Set([1]), rendererOrigin: RENDERER_ORIGIN, log: () => {} });
    expect(vi.mocked(ipcMain.handle).mock.calls.map(([name]) => name).sort()).toEqual(Object.keys(invokeContract).sort());

    const pending = registeredHandler(INVOKE.appInfo)(trustedEvent, undefined);
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    ready(tableAnswering({ name: 'Sponsorship Setup' }));
    expect(await pending).toEqual({ ok: true, value: { name: 'Sponsorship Setup' } });
  });

  it('refuses an untrusted sender before anything runs', async () => {
    wireIpc(tableAnswering({}), { appWindows: new Set([1]), rendererOrigin: RENDERER_ORIGIN, log: () => {} });
    for (const url of ['https://evil.example/', 'file:///app/out/renderer/index.html', 'app://renderer.evil/index.html']) {
      const result = await registeredHandler(INVOKE.appInfo)({ ...trustedEvent, senderFrame: { url } }, undefined);
      expect(result, url).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    }
  });

  it('answers every call with the reason when the services could not start', async () => {
    const lines: string[] = [];
    const failed = Promise.reject(new CoreError('settings-unreadable', 'The settings file is not valid JSON.', 'unusable-input'));
    wireIpc(failed, { appWindows: new Set([1]), rendererOrigin: RENDERER_ORIGIN, log: (line) => lines.push(line) });
    const result = await registeredHandler(INVOKE.appInfo)(trustedEvent, undefined);
    expect(result).toEqual({ ok: false, error: { kind: 'internal', code: 'settings-unreadable', message: 'The settings file is not valid JSON.' } });
    expect(lines[0]).toMatch(/^\[ipc\] services failed to start/);
  });
});
