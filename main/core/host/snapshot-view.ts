import { HostError, type Host, type HostAttachRequest, type HostDirectoryEntry, type HostReadAhead, type HostStat } from './host';

/** What one read-ahead learned. A path absent from a map was not learned: the host answers it. */
export interface HostSnapshot {
  /** `lstat` results; `null` when the path is known not to exist. */
  stats: Map<string, HostStat | null>;
  /** Every link on the path resolved (`realpath`). */
  links: Map<string, string>;
  /** Whole contents of regular files (links followed). */
  files: Map<string, Uint8Array>;
  /** Entries of folders, sorted by name. */
  listings: Map<string, HostDirectoryEntry[]>;
  /** What was asked (`stat:`, `read:`, `list:` + path), so asking again is answered at once. */
  asked: Set<string>;
}

export function emptySnapshot(): HostSnapshot {
  return { stats: new Map(), links: new Map(), files: new Map(), listings: new Map(), asked: new Set() };
}

/** The keys of {@link HostSnapshot.asked} for a request. */
export function askedKeys(request: HostReadAhead): string[] {
  return [...request.stat.map((path) => `stat:${path}`), ...request.read.map((path) => `read:${path}`), ...request.list.map((path) => `list:${path}`)];
}

/**
 * A view of `host` whose reads answer from `snapshot` and fall through to `host` for anything it does
 * not hold. Edits, runs and locks drop the snapshot first, so nothing read before a change is served
 * after it; a read-ahead the snapshot already covers returns this view.
 */
export function snapshotView(host: Host, snapshot: HostSnapshot): Host {
  let held: HostSnapshot = snapshot;
  const drop = () => {
    held = emptySnapshot();
  };
  const view: Host = {
    label: host.label,
    platform: host.platform,
    stat: async (path) => (held.stats.has(path) ? copyStat(held.stats.get(path)!) : host.stat(path)),
    readFile: async (path, options) => {
      const content = held.files.get(path);
      return content !== undefined && content.length <= options.maxBytes ? content.slice() : host.readFile(path, options);
    },
    list: async (path) => {
      const entries = held.listings.get(path);
      if (entries) return entries.map((entry) => ({ ...entry }));
      // The same words as the host's own reads for a missing folder.
      if (held.stats.get(path) === null) throw new HostError('not-found', path, `${path} does not exist`);
      return host.list(path);
    },
    resolveLinks: async (path) => held.links.get(path) ?? host.resolveLinks(path),
    backup: (path, backupPath) => (drop(), host.backup(path, backupPath)),
    writeFileIfUnchanged: (path, expected, content) => (drop(), host.writeFileIfUnchanged(path, expected, content)),
    run: (request) => (drop(), host.run(request)),
    identity: () => host.identity(),
    userName: (uid) => host.userName(uid),
    connect: (address, port, signal) => host.connect(address, port, signal),
    lock: (path, options) => (drop(), host.lock(path, options)),
    // Recorded runs are the host's own: the view lists and attaches exactly where the host does.
    ...(host.listRuns ? { listRuns: () => host.listRuns!() } : {}),
    ...(host.attachRun ? { attachRun: (id: string, request: HostAttachRequest) => (drop(), host.attachRun!(id, request)) } : {}),
    // A request this snapshot already answered (e.g. the CLI's owner check read the install ahead) costs nothing.
    readAhead: async (request) => {
      if (askedKeys(request).every((key) => held.asked.has(key))) return view;
      return host.readAhead ? host.readAhead(request) : host;
    },
  };
  return view;
}

function copyStat(stat: HostStat | null): HostStat | null {
  return stat === null ? null : { ...stat };
}
