import type { Host } from '../host/host';
import { hostPath } from './install-paths';
import { ENV_FILE_RELATIVE } from './locate-install';

/**
 * Everything reading an install's status touches — the chosen folder, bwdata or env/ in it, the
 * script beside bwdata, the env file and the license folder, for both ways of choosing (the install
 * folder or bwdata itself) — fetched in one go where the host offers it (one command over SSH, not a
 * round trip per stat and read). The returned view reads the rest, and every failure, from the host.
 */
export async function readAheadInstall(host: Host, dir: string, maxEnvBytes: number): Promise<Host> {
  if (!host.readAhead) return host;
  const p = hostPath(host);
  const chosen = p.resolve(dir);
  const scriptName = host.platform === 'win32' ? 'bitwarden.ps1' : 'bitwarden.sh';
  const bwdataCandidates = [p.join(chosen, 'bwdata'), chosen];
  return host.readAhead({
    stat: [chosen, p.join(chosen, 'bwdata'), p.join(chosen, 'env'), p.join(chosen, scriptName), p.join(p.dirname(chosen), scriptName)],
    read: bwdataCandidates.map((bwdata) => p.join(bwdata, ...ENV_FILE_RELATIVE)),
    list: bwdataCandidates.map((bwdata) => p.join(bwdata, 'core', 'licenses', 'organization')),
    maxBytes: maxEnvBytes,
  });
}
