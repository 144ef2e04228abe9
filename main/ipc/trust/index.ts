import { HostSession } from '../host-session/host-session';
import type { AppServices } from '../services';
import { HandleRegistry, type InstallAccess } from './handle-registry';
import { LinkRegistry } from './link-registry';

export { HandleRegistry } from './handle-registry';
export type { FileHandle, FileOrigin, FilePurpose, InstallAccess, InstallHandle } from './handle-registry';
export { DOCS_LINK_ID, LinkRegistry } from './link-registry';
export { confirmSavedConnection, confirmSecretDestination, rememberConfirmedHosts } from './secret-destinations';
export type { SecretKind } from './secret-destinations';

/**
 * What main remembers this session about what the admin chose: file and install handles and the links
 * it built. One per handler table, shared by every capability's handlers.
 */
export interface Trust {
  handles: HandleRegistry;
  links: LinkRegistry;
  /** The server the install steps work on (this computer when none); close it when the app quits. */
  hosts: HostSession;
}

export function createTrust(): Trust {
  const handles = new HandleRegistry();
  return { handles, links: new LinkRegistry(), hosts: new HostSession(handles) };
}

/** The install folder behind a handle, asking the admin (native dialog) before a typed folder is written to or run. */
export function installFolder(services: AppServices, trust: Trust, installId: string, access: InstallAccess): Promise<string> {
  const server = trust.hosts.current();
  return trust.handles.installFolder(installId, access, (folder, use) => {
    const where = server ? `${folder} on ${server.label}` : folder;
    return services.dialogs.confirm({
      title: 'Use this folder as the Bitwarden install?',
      message: use === 'run' ? `Run bitwarden.sh / docker compose for ${where}?` : `Change the files of the install at ${where}?`,
      detail: 'This folder was typed in the app, not chosen in a folder dialog. Continue only if it is the Bitwarden install you mean to set up.',
      confirmLabel: use === 'run' ? 'Run for this install' : 'Change this install',
    });
  });
}
