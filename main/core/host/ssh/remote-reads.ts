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

/** The `stat -c '%f %s %u %g %.3Y'` line the exec reads print; `null` when it is not one. */
export function parseStatLine(line: string): HostStat | null {
  const parts = line.trim().split(' ');
  if (parts.length !== 5) return null;
  const [mode, size, uid, gid, mtime] = parts as [string, string, string, string, string];
  const rawMode = parseInt(mode, 16);
  const numbers = [rawMode, Number(size), Number(uid), Number(gid), Number(mtime)];
  if (parts.some((part) => part === '') || numbers.some((value) => !Number.isFinite(value))) return null;
  return { kind: kindOfMode(rawMode), size: Number(size), mode: rawMode & 0o7777, uid: Number(uid), gid: Number(gid), mtimeMs: Math.round(Number(mtime) * 1000) };
}

/** The entry type `find -printf %y` prints. */
export function kindOfFindType(type: string): HostPathKind {
  if (type === 'f') return 'file';
  if (type === 'd') return 'directory';
  if (type === 'l') return 'symlink';
  return 'other';
}
