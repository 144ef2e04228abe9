import type { StateCreator } from 'zustand';
import type { FileHandle, IpcError } from '../../../main/ipc';
import type { ApiKeyInput, CloudTarget, ConnectionRole, ConnectionView } from '../../../main/ipc/contracts/connections-contract';
import type { ApiRouteKind } from '../../../main/core/vault-api/api-route';
import type { WizardStore } from './wizard-store';

export type { ConnectionRole, ConnectionView };

/** What a role's card is doing right now; one request at a time per role. */
export type ConnectionBusy = 'signing-in' | 'signing-out' | 'choosing' | 'routing';

/**
 * Who is signed in where. Holds no secret: the client secret lives in the sign-in form's local state
 * until it is submitted, then only in main (keychain or memory).
 */
export interface ConnectionsState {
  /** `loading` until the first status answer. */
  phase: 'idle' | 'loading' | 'loaded';
  cloud: ConnectionView | null;
  self: ConnectionView | null;
  /** From `app.info()`: whether secrets survive a restart. Null until known. */
  secretStorage: { persistent: boolean; reason?: string } | null;
  busy: Partial<Record<ConnectionRole, ConnectionBusy>>;
  /** The last failure per role (sign-in refused, organization refused…), cleared by the next success. */
  errors: Partial<Record<ConnectionRole, IpcError>>;
}

export interface ConnectionsSlice {
  connections: ConnectionsState;
  /** Reads both connections (signs in with saved secrets) and where secrets are kept. */
  loadConnections(): Promise<void>;
  /** Resolves to true when signed in. The key is passed through to main and not kept here. */
  signInCloud(target: CloudTarget, key: ApiKeyInput): Promise<boolean>;
  signInSelf(vaultUrl: string, key: ApiKeyInput): Promise<boolean>;
  signOut(role: ConnectionRole): Promise<void>;
  chooseOrganization(role: ConnectionRole, organizationId: string): Promise<void>;
  /** How API calls to a signed-in server travel; main reads the profile on the new route and says how it went. */
  setRoute(role: ConnectionRole, route: ApiRouteKind): Promise<void>;
  /** Native file picker for an extra trusted root (PEM); null when cancelled. */
  pickCaFile(): Promise<FileHandle | null>;
}

/** A connection every later step can use: signed in, with an Owner organization chosen. */
export function isConnectionReady(view: ConnectionView | null): boolean {
  return view?.state === 'signed-in' && view.organizationId !== null;
}

/** Signed in but unusable as is: the sign-in fails now, or the account owns no organization. */
export function connectionNeedsAttention(view: ConnectionView | null): boolean {
  return view !== null && (view.state === 'error' || view.ownerOrganizations.length === 0);
}

export const createConnectionsSlice: StateCreator<WizardStore, [], [], ConnectionsSlice> = (set, get) => {
  const patch = (change: Partial<ConnectionsState>) => set({ connections: { ...get().connections, ...change } });
  const setBusy = (role: ConnectionRole, busy: ConnectionBusy | undefined) => {
    const next = { ...get().connections.busy };
    if (busy) next[role] = busy;
    else delete next[role];
    patch({ busy: next });
  };
  const setError = (role: ConnectionRole, error: IpcError | undefined) => {
    const next = { ...get().connections.errors };
    if (error) next[role] = error;
    else delete next[role];
    patch({ errors: next });
  };
  const afterSignIn = (role: ConnectionRole, result: Awaited<ReturnType<typeof window.sponsorship.connections.signIn>>): boolean => {
    setBusy(role, undefined);
    if (!result.ok) {
      setError(role, result.error);
      return false;
    }
    setError(role, undefined);
    patch({ [role]: result.value });
    return true;
  };

  return {
    connections: { phase: 'idle', cloud: null, self: null, secretStorage: null, busy: {}, errors: {} },
    async loadConnections() {
      patch({ phase: 'loading' });
      const [status, info] = await Promise.all([window.sponsorship.connections.status(), window.sponsorship.app.info()]);
      const secretStorage = info.ok ? info.value.secretStorage : status.ok ? status.value.secretStorage : null;
      if (status.ok) patch({ phase: 'loaded', cloud: status.value.cloud, self: status.value.self, secretStorage });
      else {
        patch({ phase: 'loaded', secretStorage });
        console.warn(`[connections] status failed: ${status.error.code}`);
      }
    },
    async signInCloud(target, key) {
      setBusy('cloud', 'signing-in');
      return afterSignIn('cloud', await window.sponsorship.connections.signIn({ role: 'cloud', ...target, ...key }));
    },
    async signInSelf(vaultUrl, key) {
      setBusy('self', 'signing-in');
      return afterSignIn('self', await window.sponsorship.connections.signIn({ role: 'self', vaultUrl, ...key }));
    },
    async signOut(role) {
      setBusy(role, 'signing-out');
      const result = await window.sponsorship.connections.signOut(role);
      setBusy(role, undefined);
      if (result.ok) {
        setError(role, undefined);
        patch({ [role]: null });
      } else setError(role, result.error);
    },
    async chooseOrganization(role, organizationId) {
      setBusy(role, 'choosing');
      const result = await window.sponsorship.connections.chooseOrganization({ role, organizationId });
      setBusy(role, undefined);
      if (result.ok) {
        setError(role, undefined);
        patch({ [role]: result.value });
      } else setError(role, result.error);
    },
    async setRoute(role, route) {
      setBusy(role, 'routing');
      const result = await window.sponsorship.connections.setRoute({ role, route });
      setBusy(role, undefined);
      if (result.ok) {
        setError(role, undefined);
        patch({ [role]: result.value });
      } else setError(role, result.error);
    },
    async pickCaFile() {
      const result = await window.sponsorship.connections.pickCaFile();
      return result.ok ? result.value.file : null;
    },
  };
};
