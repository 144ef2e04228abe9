import path from 'node:path';
import { isHostError, type Host } from '../../core/host';
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

/**
 * Where Bitwarden's installer usually puts an install (its docs use /opt/bitwarden, the home of a
 * dedicated `bitwarden` user), plus the login's home: a folder holding bitwarden.sh or bwdata, or one
 * the login may not look into (usually the `bitwarden` user's own 0700 folder; read later through sudo).
 */
export async function findInstallLocations(ssh: SshHost): Promise<string[]> {
  const printed = await ssh.exec({ command: 'printenv', args: ['HOME'], timeoutMs: 5000 }).catch(() => null);
  const home = printed?.exitCode === 0 ? new TextDecoder().decode(printed.stdout).trim() || null : null;
  const candidates = [...new Set(['/opt/bitwarden', '/home/bitwarden', ...(home ? [home, path.posix.join(home, 'bitwarden')] : [])])];
  const found = await Promise.all(candidates.map(async (folder) => ((await looksLikeInstall(ssh, folder)) ? folder : null)));
  return found.filter((folder): folder is string => folder !== null);
}

/** A folder holding bitwarden.sh or bwdata, or an existing folder the login may not look into. */
export async function looksLikeInstall(ssh: SshHost, folder: string): Promise<boolean> {
  const look = (name: string) => ssh.stat(path.posix.join(folder, name)).then((found) => (found ? 'yes' : 'no'), (error: unknown) => (isHostError(error) && error.code === 'permission-denied' ? 'hidden' : 'no'));
  const [script, bwdata] = await Promise.all([look('bitwarden.sh'), look('bwdata')]);
  if (script === 'yes' || bwdata === 'yes') return true;
  if (script !== 'hidden' && bwdata !== 'hidden') return false;
  return (await ssh.stat(folder).catch(() => null))?.kind === 'directory';
}
