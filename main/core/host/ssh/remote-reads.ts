import type { HostDirectoryEntry, HostPathKind, HostStat } from '../host';

/** The read side of a remote host: over SFTP as the login user, over exec when acting as another user. */
export interface RemoteReads {
  stat(path: string): Promise<HostStat | null>;
  readFile(path: string, options: { maxBytes: number }): Promise<Uint8Array>;
  list(path: string): Promise<HostDirectoryEntry[]>;
  resolveLinks(path: string): Promise<string>;
}

const S_IFMT = 0o170000;

export function kindOfMode(mode: number): HostPathKind {
  switch (mode & S_IFMT) {
    case 0o100000:
      return 'file';
    case 0o040000:
      return 'directory';
    case 0o120000:
      return 'symlink';
    default:
      return 'other';
  }
}

export function sortEntries(entries: HostDirectoryEntry[]): HostDirectoryEntry[] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
