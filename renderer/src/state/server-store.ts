import { create } from 'zustand';
import type { IpcError } from '../../../main/ipc';
import type { ServerChoice, ServerStatus } from '../../../main/ipc/contracts/server-contract';
import { useWizardStore } from './wizard-store';

export type ServerWhere = 'this-computer' | 'ssh';

export interface ConnectForm {
  host: string;
  user: string;
  port: string;
  serverName?: string;
  saveAs: string;
  password: string;
  keepInKeychain: boolean;
}

/**
 * Where the Bitwarden server is (this computer, or a server over SSH) and the SSH connection's status as
 * main reports it. Secrets typed here go to main with the one call that needs them and are not kept.
 */
interface ServerStore {
  where: ServerWhere;
  choices: ServerChoice[];
  notes: string[];
  status: ServerStatus;
  phase: 'idle' | 'connecting' | 'connected' | 'choosing-install';
  /** Why connecting (or disconnecting) failed. */
  error: IpcError | null;
  /** Why the install folder on the server cannot be used. */
  installError: IpcError | null;
  installLocations: string[];
  keepNote: string | null;
  load(): Promise<void>;
  choose(where: ServerWhere): Promise<void>;
  connect(form: ConnectForm): Promise<void>;
  chooseInstall(folder: string, sudoPassword?: string): Promise<void>;
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
  keepNote: null,
  async load() {
    const result = await window.sponsorship.server.list();
    if (!result.ok) return set({ error: result.error });
    const { choices, notes, status } = result.value;
    set({ choices, notes, status, ...(status.kind === 'ssh' ? { where: 'ssh', phase: 'connected' } : {}) });
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
      ...(form.serverName ? { serverName: form.serverName } : {}),
      ...(form.saveAs.trim() ? { saveAs: form.saveAs.trim() } : {}),
      ...(form.password ? { password: form.password } : {}),
      keepInKeychain: form.keepInKeychain,
    });
    forgetInstall();
    if (!result.ok) {
      const status = await window.sponsorship.server.status();
      return set({ phase: 'idle', error: result.error, ...(status.ok ? { status: status.value } : {}) });
    }
    set({ phase: 'connected', status: result.value.status, installLocations: result.value.installLocations, keepNote: result.value.keepNote });
    if (form.saveAs.trim()) await get().load(); // the newly saved server joins the list
  },
  async chooseInstall(folder, sudoPassword) {
    set({ phase: 'choosing-install', installError: null });
    const result = await window.sponsorship.server.useInstall(folder, sudoPassword);
    if (!result.ok) return set({ phase: 'connected', installError: result.error });
    set({ phase: 'connected', status: result.value.status });
    await useWizardStore.getState().inspectInstall(result.value.install);
  },
}));
