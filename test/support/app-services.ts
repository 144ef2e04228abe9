import { invokeContract } from '../../main/ipc/contracts';
import type { AppServices, HandlerTable } from '../../main/ipc';

/**
 * A full handler table where only `handlers` work: every other channel fails loudly, so a test that
 * reaches a channel it did not mean to exercise cannot pass by accident.
 */
export function tableWithOnly(handlers: Partial<HandlerTable>): HandlerTable {
  const unexpected = async () => {
    throw new Error('not expected in this test');
  };
  const table = Object.fromEntries(Object.keys(invokeContract).map((channel) => [channel, unexpected])) as unknown as HandlerTable;
  return { ...table, ...handlers };
}

/**
 * App services for handler tests: inert dialogs, clipboard and links, paths that are never written,
 * and settings/secrets/connections that fail if touched. Pass what a test exercises in `overrides`.
 */
export function fakeAppServices(overrides: Partial<AppServices> = {}): AppServices {
  return {
    host: {} as AppServices['host'],
    appInfo: async () => ({ name: 'x', version: '0', platform: 'linux', secretStorage: { persistent: false } }),
    dialogs: { pickFolder: async () => null, pickFile: async () => null, saveFile: async () => null, confirm: async () => false },
    openExternal: async () => false,
    clipboard: { writeText: () => {} },
    paths: { logs: '/nonexistent/logs', downloads: '/nonexistent/downloads', licenses: '/nonexistent/licenses' },
    settings: {} as AppServices['settings'],
    secrets: {} as AppServices['secrets'],
    connections: {} as AppServices['connections'],
    log: () => {},
    ...overrides,
  };
}

/**
 * Native dialogs that answer from scripts: pick and save take the next of `answers` (then null, as a
 * cancel), confirm the next of `confirmAnswers` (then yes). Every dialog shown is kept, in order.
 */
export function scriptedDialogs(script: { answers?: (string | null)[]; confirmAnswers?: boolean[] } = {}) {
  const answers = [...(script.answers ?? [])];
  const confirmAnswers = [...(script.confirmAnswers ?? [])];
  const dialogCalls: { kind: 'pick' | 'save'; defaultPath?: string }[] = [];
  const confirmations: string[] = [];
  const dialogs: AppServices['dialogs'] = {
    pickFolder: async () => null,
    pickFile: async () => (dialogCalls.push({ kind: 'pick' }), answers.shift() ?? null),
    saveFile: async ({ defaultPath }) => (dialogCalls.push({ kind: 'save', defaultPath }), answers.shift() ?? null),
    confirm: async ({ message }) => (confirmations.push(message), confirmAnswers.shift() ?? true),
  };
  return { dialogs, dialogCalls, confirmations };
}
