// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerChoice, ServerSecretPrompt } from '../../../../main/ipc/contracts/server-contract';
import { useServerStore } from '../../../../renderer/src/state/server-store';
import { ServerChooser } from '../../../../renderer/src/steps/connect/server-chooser';

const KEY_HANDLE = { fileId: '3b0c5b8e-2f6e-4a39-9d55-0f3f2b1c9a11', name: 'id_work' };
const CHOICES: ServerChoice[] = [
  { source: 'saved', name: 'prod', host: 'vault.example.org', user: 'admin', port: null, installFolder: '/srv/bitwarden', proxyJump: null, identityName: 'prod_key' },
  { source: 'ssh-config', name: 'bw-lab', host: 'bw-lab', user: 'ops', port: 2222, installFolder: null, proxyJump: 'jump@bastion:2200', identityName: 'lab_key' },
  { source: 'saved', name: 'edge', host: '10.0.0.5', user: 'admin', port: null, installFolder: null, proxyJump: 'none', identityName: null },
];

let calls: Array<[string, unknown]>;
let promptListener: ((prompt: ServerSecretPrompt) => void) | null;

beforeEach(() => {
  calls = [];
  promptListener = null;
  const record = (name: string, value: unknown) => calls.push([name, value]);
  (window as unknown as { sponsorship: unknown }).sponsorship = {
    server: {
      list: async () => ({ ok: true, value: { choices: CHOICES, notes: [], status: { kind: 'this-computer' } } }),
      connect: async (request: unknown) => (record('connect', request), { ok: false, error: { kind: 'problem', code: 'host-unreachable', message: 'no route' } }),
      status: async () => ({ ok: true, value: { kind: 'this-computer' } }),
      pickIdentity: async () => (record('pickIdentity', undefined), { ok: true, value: { file: KEY_HANDLE } }),
      onSecretPrompt: (listener: (prompt: ServerSecretPrompt) => void) => {
        promptListener = listener;
        return () => (promptListener = null);
      },
      answerPrompt: async (request: unknown) => (record('answerPrompt', request), { ok: true, value: { answered: true } }),
      remove: async (name: string) => (record('remove', name), { ok: true, value: { removed: name, keychainEntriesCleared: 1, choices: CHOICES.slice(1) } }),
      useThisComputer: async () => ({ ok: true, value: { kind: 'this-computer' } }),
    },
  };
  useServerStore.setState({ where: 'ssh', choices: [], status: { kind: 'this-computer' }, phase: 'idle', error: null, prompt: null });
});
afterEach(cleanup);

async function renderChooser() {
  render(<ServerChooser />);
  await screen.findByRole('combobox', { name: /Saved servers and ~\/\.ssh\/config hosts/ });
}

describe('Connect step: another server over SSH', () => {
  it('a ~/.ssh/config host fills host, user, port and its ProxyJump, and names its key file', async () => {
    const user = userEvent.setup();
    await renderChooser();
    await user.selectOptions(screen.getByRole('combobox', { name: /Saved servers/ }), 'ssh-config:bw-lab');
    expect(screen.getByRole('textbox', { name: 'Host (name, address or alias)' })).toHaveProperty('value', 'bw-lab');
    expect(screen.getByRole('textbox', { name: 'User' })).toHaveProperty('value', 'ops');
    expect(screen.getByRole('textbox', { name: 'Port' })).toHaveProperty('value', '2222');
    expect(screen.getByRole('textbox', { name: 'ProxyJump (optional)' })).toHaveProperty('value', 'jump@bastion:2200');
    expect(screen.getByText('Uses lab_key (from ~/.ssh/config).')).toBeTruthy();
  });

  it('the key file comes from the native dialog: the page shows its name and sends only its handle, with the typed ProxyJump', async () => {
    const user = userEvent.setup();
    await renderChooser();
    await user.type(screen.getByRole('textbox', { name: 'Host (name, address or alias)' }), 'vault.internal');
    await user.type(screen.getByRole('textbox', { name: 'ProxyJump (optional)' }), 'admin@bastion:22,inner');
    // The key field is read-only: a path cannot be typed.
    expect(screen.getByRole('textbox', { name: /Key file/ })).toHaveProperty('readOnly', true);
    await user.click(screen.getByRole('button', { name: 'Choose key file…' }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: /Key file/ })).toHaveProperty('value', 'id_work'));
    await user.click(screen.getByRole('button', { name: 'Connect to the server' }));
    await waitFor(() => expect(calls.find(([name]) => name === 'connect')).toBeTruthy());
    expect(calls.find(([name]) => name === 'connect')?.[1]).toEqual({ host: 'vault.internal', proxyJump: 'admin@bastion:22,inner', identityFileId: KEY_HANDLE.fileId });
    expect(await screen.findByText('Not connected.')).toBeTruthy();
  });

  it("main's question shows as a dialog with the field focused; Enter answers it (kept only when ticked), Escape cancels the next", async () => {
    const user = userEvent.setup();
    await renderChooser();
    const prompt: ServerSecretPrompt = { promptId: 'c0ffee00-0000-4000-8000-000000000001', kind: 'passphrase', subject: 'the key id_work', retry: false, canKeep: true };
    act(() => promptListener!(prompt));
    const dialog = await screen.findByRole('dialog', { name: 'Passphrase of the SSH key' });
    expect(dialog.textContent).toContain('the key id_work');
    const field = screen.getByLabelText('Passphrase of the SSH key', { selector: 'input' });
    expect(document.activeElement).toBe(field);
    await user.type(field, 'open sesame');
    await user.click(screen.getByRole('checkbox', { name: 'Keep it in the OS keychain for this server' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toContainEqual(['answerPrompt', { promptId: prompt.promptId, secret: 'open sesame', keepInKeychain: true }]);

    act(() => promptListener!({ ...prompt, promptId: 'c0ffee00-0000-4000-8000-000000000002', kind: 'sudo', subject: 'admin on vault, to act as bitwarden', retry: true, canKeep: false }));
    const sudo = await screen.findByRole('dialog', { name: 'sudo password' });
    expect(sudo.textContent).toContain('not accepted');
    expect(screen.queryByRole('checkbox', { name: /Keep it/ })).toBeNull();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toContainEqual(['answerPrompt', { promptId: 'c0ffee00-0000-4000-8000-000000000002', secret: null, keepInKeychain: false }]);
  });

  it('saved servers are listed; Remove asks once on the page, then forgets the server', async () => {
    const user = userEvent.setup();
    await renderChooser();
    const saved = screen.getByTestId('saved-server-prod');
    expect(saved.textContent).toContain('admin@vault.example.org');
    expect(saved.textContent).toContain('/srv/bitwarden');
    // Saved with ProxyJump none: OpenSSH's no jump, a direct connection despite ~/.ssh/config.
    expect(screen.getByTestId('saved-server-edge').textContent).toContain('admin@10.0.0.5 · direct (no ProxyJump)');
    await user.click(screen.getByRole('button', { name: 'Remove prod' }));
    expect(calls.some(([name]) => name === 'remove')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Remove prod and its kept secrets' }));
    await waitFor(() => expect(screen.queryByTestId('saved-server-prod')).toBeNull());
    expect(calls).toContainEqual(['remove', 'prod']);
  });

  it('Connect on a saved server connects by its name', async () => {
    const user = userEvent.setup();
    await renderChooser();
    await user.click(screen.getByRole('button', { name: 'Connect to prod' }));
    await waitFor(() => expect(calls.find(([name]) => name === 'connect')?.[1]).toEqual({ host: 'vault.example.org', user: 'admin', serverName: 'prod' }));
  });
});
