import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstallInspection } from '../../../main/ipc';
import { useServerStore } from '../../../renderer/src/state/server-store';
import { useWizardStore } from '../../../renderer/src/state/wizard-store';

const calls: Array<[string, unknown]> = [];
let connectAnswer: unknown;
const SSH_STATUS = { kind: 'ssh', label: 'admin@vault.example.org', serverName: null, actingAs: null, hostKeyConfirmed: true } as const;
const READ = { kind: 'read', folder: '/opt/bitwarden', installId: 'id-local', install: { installationId: 'x' } as unknown as InstallInspection } as const;

beforeEach(() => {
  calls.length = 0;
  (globalThis as { window?: unknown }).window = {
    sponsorship: {
      server: {
        connect: async (request: unknown) => (calls.push(['connect', request]), connectAnswer),
        status: async () => ({ ok: true, value: { kind: 'this-computer' } }),
        useThisComputer: async () => (calls.push(['useThisComputer', undefined]), { ok: true, value: { kind: 'this-computer' } }),
        list: async () => ({ ok: true, value: { choices: [], notes: [], status: SSH_STATUS } }),
        answerPrompt: async (request: unknown) => (calls.push(['answerPrompt', request]), { ok: true, value: { answered: true } }),
        remove: async (name: string) => (calls.push(['remove', name]), { ok: true, value: { removed: name, keychainEntriesCleared: 2, choices: [] } }),
      },
    },
  };
  useWizardStore.setState({ install: READ });
  useServerStore.setState({ where: 'this-computer', status: { kind: 'this-computer' }, phase: 'idle', error: null, installError: null });
});
afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

const FORM = { host: ' vault.example.org ', user: 'admin', port: '2222', proxyJump: '', identity: null, saveAs: '' };

describe('server store', () => {
  it('sends the typed fields (trimmed, port as a number, no empty ProxyJump or key) and forgets the install of the previous host', async () => {
    connectAnswer = { ok: true, value: { status: SSH_STATUS, installLocations: ['/opt/bitwarden'], keepNote: null } };
    await useServerStore.getState().connect(FORM);
    expect(calls).toEqual([['connect', { host: 'vault.example.org', user: 'admin', port: 2222 }]]);
    expect(useServerStore.getState()).toMatchObject({ phase: 'connected', status: SSH_STATUS, installLocations: ['/opt/bitwarden'] });
    expect(useWizardStore.getState().install).toEqual({ kind: 'none' });
  });

  it('a refused connection shows its error and keeps the status main reports', async () => {
    connectAnswer = { ok: false, error: { kind: 'unusable-input', code: 'host-key-changed', message: 'Someone may be intercepting the connection.' } };
    await useServerStore.getState().connect(FORM);
    expect(useServerStore.getState()).toMatchObject({ phase: 'idle', status: { kind: 'this-computer' }, error: { code: 'host-key-changed' } });
  });

  it('choosing this computer again disconnects in main', async () => {
    useServerStore.setState({ where: 'ssh', status: SSH_STATUS, phase: 'connected' });
    await useServerStore.getState().choose('this-computer');
    expect(calls).toEqual([['useThisComputer', undefined]]);
    expect(useServerStore.getState()).toMatchObject({ where: 'this-computer', status: { kind: 'this-computer' }, phase: 'idle' });
    expect(useWizardStore.getState().install).toEqual({ kind: 'none' });
  });

  it('sends ProxyJump hops and the key file only as the handle main issued (never a path)', async () => {
    connectAnswer = { ok: true, value: { status: SSH_STATUS, installLocations: [], keepNote: null } };
    await useServerStore.getState().connect({ ...FORM, proxyJump: ' jump@bastion:2200 ', identity: { fileId: '3b0c5b8e-2f6e-4a39-9d55-0f3f2b1c9a11', name: 'id_work' } });
    expect(calls).toEqual([['connect', { host: 'vault.example.org', user: 'admin', port: 2222, proxyJump: 'jump@bastion:2200', identityFileId: '3b0c5b8e-2f6e-4a39-9d55-0f3f2b1c9a11' }]]);
    expect(JSON.stringify(calls)).not.toContain('id_work');
  });

  it('answers the open question once, by its id, and forgets it', async () => {
    const prompt = { promptId: 'c0ffee00-0000-4000-8000-000000000001', kind: 'password', subject: 'admin@vault', retry: false, canKeep: true } as const;
    useServerStore.setState({ prompt });
    await useServerStore.getState().answerPrompt('hunter2', true);
    await useServerStore.getState().answerPrompt('again', false);
    expect(calls).toEqual([['answerPrompt', { promptId: prompt.promptId, secret: 'hunter2', keepInKeychain: true }]]);
    expect(useServerStore.getState().prompt).toBeNull();
  });

  it('removing a saved server shows the list main returns', async () => {
    useServerStore.setState({ choices: [{ source: 'saved', name: 'prod', host: 'h', user: null, port: null, installFolder: null, proxyJump: null, identityName: null }] });
    await useServerStore.getState().remove('prod');
    expect(calls).toEqual([['remove', 'prod']]);
    expect(useServerStore.getState().choices).toEqual([]);
  });
});
