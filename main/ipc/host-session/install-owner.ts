import path from 'node:path';
import type { Host } from '../../core/host';
import type { SshHost } from '../../core/host/ssh';
import { CoreError } from '../../core/shared';

/**
 * bwdata usually belongs to a dedicated user: when that is not the SSH login (and the login is not
 * root), reads, writes and runs go through sudo as that user (as the CLI does). A missing folder is
 * unusable input.
 */
export async function hostForInstall(ssh: SshHost, folder: string, log: (line: string) => void): Promise<{ host: Host; actingAs: string | null }> {
  const [found, inner, me] = await Promise.all([ssh.stat(folder), ssh.stat(path.posix.join(folder, 'bwdata')).catch(() => null), ssh.identity()]);
  if (!found) throw new CoreError('not-found', `${folder} does not exist on ${ssh.label}. Give the install folder on the server (the one holding bitwarden.sh and bwdata).`, 'unusable-input', { path: folder });
  const owned = found.kind === 'directory' && inner?.kind === 'directory' ? inner : found;
  if (me.isRoot || owned.uid === me.uid) return { host: ssh, actingAs: null };
  const owner = await ssh.userName(owned.uid);
  if (!owner) {
    log(`[ssh] ${folder} belongs to uid ${owned.uid}, which has no user name on the server; working as ${me.userName}`);
    return { host: ssh, actingAs: null };
  }
  log(`[ssh] the install belongs to ${owner}, not ${me.userName}: working as ${owner} through sudo`);
  return { host: await ssh.asUser(owner), actingAs: owner };
}

/** Where Bitwarden's installer usually puts an install, plus the login's home folder. */
export async function findInstallLocations(ssh: SshHost): Promise<string[]> {
  const printed = await ssh.exec({ command: 'printenv', args: ['HOME'], timeoutMs: 5000 }).catch(() => null);
  const home = printed?.exitCode === 0 ? new TextDecoder().decode(printed.stdout).trim() || null : null;
  const candidates = [...new Set(['/opt/bitwarden', '/home/bitwarden', ...(home ? [home, path.posix.join(home, 'bitwarden')] : [])])];
  const found = await Promise.all(
    candidates.map(async (folder) => {
      const [script, bwdata] = await Promise.all([ssh.stat(path.posix.join(folder, 'bitwarden.sh')).catch(() => null), ssh.stat(path.posix.join(folder, 'bwdata')).catch(() => null)]);
      return script || bwdata ? folder : null;
    }),
  );
  return found.filter((folder): folder is string => folder !== null);
}
