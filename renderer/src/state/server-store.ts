import { create } from 'zustand';
import type { FileHandle, IpcError } from '../../../main/ipc';
import type { ServerChoice, ServerSecretPrompt, ServerStatus } from '../../../main/ipc/contracts/server-contract';
import { useWizardStore } from './wizard-store';

export type ServerWhere = 'this-computer' | 'ssh';

export interface ConnectForm {
  host: string;
  user: string;
  port: string;
  /** ProxyJump hops as typed (`user@bastion:22,inner`); empty: ~/.ssh/config's. */
  proxyJump: string;
  /** A key file chosen in main's dialog (only its handle and name are here). */
  identity: FileHandle | null;
  serverName?: string;
  saveAs: string;
}

/**
 * Where the Bitwarden server is (this computer, or a server over SSH) and the SSH connection's status as
 * main reports it. A passphrase or password main asks for while it connects is shown as `prompt` and
 * answered once; nothing typed is kept here.
 */
interface ServerStore {
  where: ServerWhere;
  choices: ServerChoice[];
  notes: string[];
  status: ServerStatus;
  phase: 'idle' | 'connecting' | 'connected' | 'choosing-install';
  /** Why connecting (or disconnecting, or removing a saved server) failed. */
  error: IpcError | null;
  /** Why the install folder on the server cannot be used. */
  installError: IpcError | null;
  installLocations: string[];
  /** The install folder saved with the server connected to, offered first. */
  savedInstallFolder: string | null;
  keepNote: string | null;
  /** The question main waits on (passphrase, password, sudo password), else null. */
  prompt: ServerSecretPrompt | null;
  load(): Promise<void>;
  /** Shows main's questions while connecting; returns the unsubscribe function. */
  listen(): () => void;
  choose(where: ServerWhere): Promise<void>;
  connect(form: ConnectForm): Promise<void>;
  answerPrompt(secret: string | null, keepInKeychain: boolean): Promise<void>;
  remove(name: string): Promise<void>;
  chooseInstall(folder: string): Promise<void>;
}

/** Another host's install handles are refused by main: the wizard forgets the install it read. */
function forgetInstall(): void {
  useWizardStore.setState({ install: { kind: 'none' } });
}

export const useServerStore = create<ServerStore>()((set, get) => ({
  where: 'this-computer',
  choices: [],
  notes: [],
  status: { kind: 'this-computer' },
  phase: 'idle',
  error: null,
  installError: null,
  installLocations: [],
  savedInstallFolder: null,
  keepNote: null,
  prompt: null,
  async load() {
    const result = await window.sponsorship.server.list();
    if (!result.ok) return set({ error: result.error });
    const { choices, notes, status } = result.value;
    set({ choices, notes, status, ...(status.kind === 'ssh' ? { where: 'ssh', phase: 'connected' } : {}) });
  },
  listen() {
    return window.sponsorship.server.onSecretPrompt((prompt) => set({ prompt }));
  },
  async choose(where) {
    set({ where, error: null });
    if (where === 'this-computer' && get().status.kind === 'ssh') {
      const result = await window.sponsorship.server.useThisComputer();
      if (result.ok) {
        forgetInstall();
        set({ status: result.value, phase: 'idle', installLocations: [] });
      } else set({ error: result.error });
    }
  },
  async connect(form) {
    set({ phase: 'connecting', error: null, installError: null, keepNote: null });
    const port = form.port.trim() ? Number(form.port.trim()) : undefined;
    const result = await window.sponsorship.server.connect({
      host: form.host.trim(),
      ...(form.user.trim() ? { user: form.user.trim() } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(form.proxyJump.trim() ? { proxyJump: form.proxyJump.trim() } : {}),
      ...(form.identity ? { identityFileId: form.identity.fileId } : {}),
      ...(form.serverName ? { serverName: form.serverName } : {}),
      ...(form.saveAs.trim() ? { saveAs: form.saveAs.trim() } : {}),
    });
    forgetInstall();
    set({ prompt: null });
    if (!result.ok) {
      const status = await window.sponsorship.server.status();
      return set({ phase: 'idle', error: result.error, ...(status.ok ? { status: status.value } : {}) });
    }
    const saved = get().choices.find((choice) => choice.source === 'saved' && choice.name === form.serverName);
    set({ phase: 'connected', status: result.value.status, installLocations: result.value.installLocations, keepNote: result.value.keepNote, savedInstallFolder: saved?.installFolder ?? null });
    if (result.value.status.kind === 'ssh' && result.value.status.serverName) await get().load(); // the saved server's entry changed
  },
  async answerPrompt(secret, keepInKeychain) {
    const prompt = get().prompt;
    if (!prompt) return;
    set({ prompt: null });
    const result = await window.sponsorship.server.answerPrompt({ promptId: prompt.promptId, secret, keepInKeychain });
    if (!result.ok) set({ error: result.error });
  },
  async remove(name) {
    const result = await window.sponsorship.server.remove(name);
    if (!result.ok) return set({ error: result.error });
    set({ choices: result.value.choices, error: null });
  },
  async chooseInstall(folder) {
    set({ phase: 'choosing-install', installError: null });
    const result = await window.sponsorship.server.useInstall(folder);
    set({ prompt: null });
    if (!result.ok) return set({ phase: 'connected', installError: result.error });
    const { status, install } = result.value;
    set({ phase: 'connected', status });
    const wizard = useWizardStore.getState();
    await wizard.inspectInstall(install);
    // Opened (or opened again after a reconnect): a restart left on the server is noticed on every step.
    if (useWizardStore.getState().install.kind === 'read' && status.kind === 'ssh') {
      await wizard.checkServerRuns(install.installId, { server: status.serverName ? `${status.serverName} (${status.label})` : status.label, again: true });
    }
  },
}));
