import { describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../../main/core/shared';
import { createDispatcher, INVOKE, type AppServices, type HandlerTable } from '../../../main/ipc';
import { appHandlers } from '../../../main/ipc/handlers/app-handlers';
import { tableWithOnly } from '../../support/app-services';

function tableWith(overrides: Partial<HandlerTable>): HandlerTable {
  return tableWithOnly(overrides);
}

describe('IPC dispatcher', () => {
  it('rejects an unknown channel with a typed error', async () => {
    const dispatcher = createDispatcher(tableWith({}));
    const result = await dispatcher.dispatch('sponsorship:nope', {}, () => {});
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'invalid-request', code: 'unknown-channel' }) });
  });

  it('validates payloads at the boundary and never calls the handler with a bad one', async () => {
    const inspect = vi.fn(async () => {
      throw new Error('must not run');
    });
    const log = vi.fn();
    const dispatcher = createDispatcher(tableWith({ [INVOKE.installUseTypedFolder]: inspect }), log);
    for (const bad of [undefined, null, 42, { folder: 7 }, { folder: '' }, { folder: 'x'.repeat(5000) }, { folder: 'bitwarden' }, { folder: '../etc' }, { folder: '/opt/bw\0x' }]) {
      const result = await dispatcher.dispatch(INVOKE.installUseTypedFolder, bad, () => {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('invalid-request');
    }
    expect(inspect).not.toHaveBeenCalled();
    expect(log.mock.calls.every(([line]) => String(line).startsWith('[ipc]'))).toBe(true);
  });

  it('accepts absolute POSIX and Windows paths', async () => {
    const seen: string[] = [];
    const dispatcher = createDispatcher(
      tableWith({
        [INVOKE.installUseTypedFolder]: async ({ folder }) => {
          seen.push(folder);
          throw new CoreError('not-found', 'gone', 'unusable-input');
        },
      }),
    );
    for (const folder of ['/opt/bitwarden', 'C:\\bitwarden', 'D:/bw', '\\\\server\\share\\bw']) {
      await dispatcher.dispatch(INVOKE.installUseTypedFolder, { folder }, () => {});
    }
    expect(seen).toEqual(['/opt/bitwarden', 'C:\\bitwarden', 'D:/bw', '\\\\server\\share\\bw']);
  });

  it('maps CoreError to its code and outcome, other errors to internal, never throwing', async () => {
    const dispatcher = createDispatcher(
      tableWith({
        [INVOKE.installInspect]: async () => {
          throw new CoreError('not-an-install', 'No bwdata/env/global.override.env here.', 'unusable-input');
        },
        [INVOKE.appInfo]: async () => {
          throw new TypeError('boom');
        },
      }),
    );
    expect(await dispatcher.dispatch(INVOKE.installInspect, { installId: '6f1c9a52-4b0e-4d7c-9a3e-1f2b3c4d5e6f' }, () => {})).toEqual({
      ok: false,
      error: { kind: 'unusable-input', code: 'not-an-install', message: 'No bwdata/env/global.override.env here.' },
    });
    const internal = await dispatcher.dispatch(INVOKE.appInfo, undefined, () => {});
    expect(internal).toMatchObject({ ok: false, error: { kind: 'internal', code: 'internal' } });
  });

  it('passes the parsed request and an event sink to the handler', async () => {
    const emitted: unknown[] = [];
    const dispatcher = createDispatcher(
      tableWith({
        [INVOKE.clipboardCopy]: async ({ text }, context) => {
          context.emit('sponsorship:cloud-apply-output', { operationId: 'op', lines: [{ stream: 'stdout', text, at: 1 } as never] });
          return { copied: true };
        },
      }),
    );
    const result = await dispatcher.dispatch(INVOKE.clipboardCopy, { text: 'hello' }, (event, payload) => emitted.push([event, payload]));
    expect(result).toEqual({ ok: true, value: { copied: true } });
    expect(emitted).toEqual([['sponsorship:cloud-apply-output', { operationId: 'op', lines: [{ stream: 'stdout', text: 'hello', at: 1 }] }]]);
  });

  it('cancels a tracked operation by id', async () => {
    let seenSignal: AbortSignal | undefined;
    const { [INVOKE.operationCancel]: cancelHandler } = appHandlers({} as AppServices);
    const dispatcher = createDispatcher(
      tableWith({
        [INVOKE.operationCancel]: cancelHandler,
        [INVOKE.clipboardCopy]: async (_request, context) => {
          seenSignal = context.trackOperation('run-1');
          return { copied: true };
        },
      }),
    );
    await dispatcher.dispatch(INVOKE.clipboardCopy, { text: 'x' }, () => {});
    expect(seenSignal?.aborted).toBe(false);
    const cancel = await dispatcher.dispatch(INVOKE.operationCancel, { operationId: 'run-1' }, () => {});
    expect(cancel).toEqual({ ok: true, value: { cancelled: true } });
    expect(seenSignal?.aborted).toBe(true);
    expect(await dispatcher.dispatch(INVOKE.operationCancel, { operationId: 'run-1' }, () => {})).toEqual({ ok: true, value: { cancelled: false } });
  });
});
