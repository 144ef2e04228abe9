import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { CoreError } from '../../core/shared';

/**
 * What a chosen file is for. A handle issued for one purpose is refused for another, so a CA file
 * picked for sign-in cannot be uploaded as a license.
 */
export type FilePurpose = 'license' | 'certificate' | 'ca' | 'ssh-identity';

/** How the path reached main: only ever from main itself (a native dialog, a drop resolved by the preload, a download, saved settings). */
export type FileOrigin = 'dialog' | 'drop' | 'download' | 'saved';

/** What the renderer holds instead of a path: an id main issued this session, and a name to show. */
export interface FileHandle {
  fileId: string;
  /** The file's name (no folder), for the screen. */
  name: string;
}

export interface InstallHandle {
  installId: string;
  /** The folder, for the screen only: calls name the install by `installId`. */
  folder: string;
  /**
   * Chosen in main (folder dialog, saved settings, or a typed folder the admin confirmed in a native
   * dialog). Only a confirmed install is written to or has bitwarden.sh / docker compose run.
   */
  confirmed: boolean;
}

interface FileEntry {
  path: string;
  purpose: FilePurpose;
  origin: FileOrigin;
}

/** How a handler means to use an install: reading it needs no confirmation, writing or running does. */
export type InstallAccess = 'read' | 'write' | 'run';

export interface InstallConfirmer {
  (folder: string, access: Exclude<InstallAccess, 'read'>): Promise<boolean>;
}

/**
 * The session's table of opaque handles. Ids are random UUIDs, so a renderer cannot guess one it was
 * not given; a path given twice gets the same id (the screen's comparisons stay simple).
 */
export class HandleRegistry {
  private readonly files = new Map<string, FileEntry>();
  private readonly installs = new Map<string, { folder: string; confirmed: boolean; hostKey: string }>();
  /**
   * Which host install handles are issued on and honoured for: `local`, or `ssh:user@host:port` while
   * the app works on a server. A handle issued on another host is refused, so a folder chosen on one
   * server is never read, written or run on another.
   */
  private hostKey = 'local';

  /** Called by the host session when it switches hosts. */
  useHost(hostKey: string): void {
    this.hostKey = hostKey;
  }

  currentHostKey(): string {
    return this.hostKey;
  }

  issueFile(filePath: string, purpose: FilePurpose, origin: FileOrigin): FileHandle {
    const resolved = path.resolve(filePath);
    for (const [fileId, entry] of this.files) {
      if (entry.path === resolved && entry.purpose === purpose) return { fileId, name: path.basename(resolved) };
    }
    const fileId = randomUUID();
    this.files.set(fileId, { path: resolved, purpose, origin });
    return { fileId, name: path.basename(resolved) };
  }

  /** The path behind a file handle, or a refusal when main never issued it for this purpose. */
  filePath(fileId: string, purpose: FilePurpose): string {
    const entry = this.files.get(fileId);
    if (!entry || entry.purpose !== purpose) {
      throw new CoreError('unknown-file', `This ${purposeWords(purpose)} was not chosen in this session; choose it again.`, 'unusable-input');
    }
    return entry.path;
  }

  issueInstall(folder: string, confirmed: boolean): InstallHandle {
    const hostKey = this.hostKey;
    // A server's folders are POSIX paths whatever this computer runs.
    const resolved = hostKey === 'local' ? path.resolve(folder) : path.posix.resolve('/', folder);
    for (const [installId, entry] of this.installs) {
      if (entry.folder !== resolved || entry.hostKey !== hostKey) continue;
      if (confirmed) entry.confirmed = true;
      return { installId, folder: resolved, confirmed: entry.confirmed };
    }
    const installId = randomUUID();
    this.installs.set(installId, { folder: resolved, confirmed, hostKey });
    return { installId, folder: resolved, confirmed };
  }

  installHandle(installId: string): InstallHandle {
    const entry = this.installs.get(installId);
    if (!entry) throw new CoreError('unknown-install', 'This install was not chosen in this session; choose its folder again.', 'unusable-input');
    if (entry.hostKey !== this.hostKey) {
      throw new CoreError(
        'install-on-other-host',
        `This install is on ${entry.hostKey === 'local' ? 'this computer' : entry.hostKey.replace(/^ssh:/, '')}, but the app now works on ${this.hostKey === 'local' ? 'this computer' : this.hostKey.replace(/^ssh:/, '')}. Choose the install again.`,
        'unusable-input',
      );
    }
    return { installId, folder: entry.folder, confirmed: entry.confirmed };
  }

  /**
   * The folder behind an install handle for this use. Writing or running on a folder that was only
   * typed asks the admin first (a native dialog in main); a refusal changes nothing.
   */
  async installFolder(installId: string, access: InstallAccess, confirm: InstallConfirmer): Promise<string> {
    const handle = this.installHandle(installId);
    if (access === 'read' || handle.confirmed) return handle.folder;
    if (!(await confirm(handle.folder, access))) {
      throw new CoreError(
        'install-not-confirmed',
        `${handle.folder} was typed, not chosen, and was not confirmed as the Bitwarden install to ${access === 'run' ? 'run commands for' : 'change'}. Nothing was changed.`,
        'unusable-input',
      );
    }
    this.installs.set(installId, { folder: handle.folder, confirmed: true, hostKey: this.hostKey });
    return handle.folder;
  }

  /** The install most recently chosen or typed on the current host, or null. */
  latestInstallFolder(): string | null {
    const here = [...this.installs.values()].filter((entry) => entry.hostKey === this.hostKey);
    return here[here.length - 1]?.folder ?? null;
  }

  /** Every install the admin chose in main this session (dialog, saved, or a confirmed typed folder). */
  confirmedInstalls(): string[] {
    return [...this.installs.values()].filter((entry) => entry.confirmed && entry.hostKey === this.hostKey).map((entry) => entry.folder);
  }
}

function purposeWords(purpose: FilePurpose): string {
  if (purpose === 'license') return 'license file';
  if (purpose === 'certificate') return 'licensing certificate';
  if (purpose === 'ssh-identity') return 'SSH key file';
  return 'CA certificate file';
}
