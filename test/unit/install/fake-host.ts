import type { Host, HostIdentity, HostRunRequest, HostRunResult, HostStat } from '../../../main/core/host';
import { HostConnectError, HostError } from '../../../main/core/host';

/** An in-memory host: folders and files by absolute path, runs recorded instead of executed. */
export interface FakeHost extends Host {
  runs: HostRunRequest[];
}

export function createFakeHost(options: {
  platform: NodeJS.Platform;
  folders: string[];
  files: Record<string, string>;
  identity?: HostIdentity;
  owners?: Record<string, { uid: number; gid: number }>;
  users?: Record<number, string>;
}): FakeHost {
  const runs: HostRunRequest[] = [];
  const statOf = (target: string): HostStat | null => {
    const owner = options.owners?.[target] ?? { uid: 1000, gid: 1000 };
    if (options.folders.includes(target)) return { kind: 'directory', size: 0, mode: 0o755, mtimeMs: 0, ...owner };
    const file = options.files[target];
    if (file !== undefined) return { kind: 'file', size: file.length, mode: 0o600, mtimeMs: 0, ...owner };
    return null;
  };
  return {
    label: 'fake',
    platform: options.platform,
    runs,
    stat: async (target) => statOf(target),
    readFile: async (target) => {
      const file = options.files[target];
      if (file === undefined) throw new HostError('not-found', target, 'missing');
      return new TextEncoder().encode(file);
    },
    list: async () => [],
    resolveLinks: async (target) => target,
    backup: async () => undefined,
    writeFileIfUnchanged: async () => undefined,
    run: async (request): Promise<HostRunResult> => {
      runs.push(request);
      return { exitCode: 0, signal: null, cancelled: false, timedOut: false, durationMs: 1 };
    },
    identity: async () => options.identity ?? { uid: 1000, gid: 1000, userName: 'admin', isRoot: false },
    userName: async (uid) => options.users?.[uid] ?? null,
    connect: async (address, port) => {
      throw new HostConnectError('ECONNREFUSED', `the fake host opens no connections (${address}:${port})`);
    },
    lock: async () => ({ release: async () => undefined }),
  };
}
