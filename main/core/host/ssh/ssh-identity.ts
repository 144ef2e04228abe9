import type { HostIdentity } from '../host';
import { assertNotLost, missingToolError, type RemoteShell } from './remote-shell';
import { SshError } from './ssh-types';

export async function remoteIdentity(shell: RemoteShell): Promise<HostIdentity> {
  const result = await shell.connection.idempotent(() => shell.run('id -u; id -g; id -un', []));
  assertNotLost(result, shell.connection.label, 'asking who we are');
  const missing = missingToolError(result, shell.connection.label);
  if (missing) throw missing;
  const [uid, gid, userName] = result.stdout.toString('utf8').trim().split('\n');
  if (result.code !== 0 || uid === undefined || gid === undefined || !userName) {
    throw new SshError('remote-tool-missing', `${shell.connection.label} could not say who we are: ${result.stderr.trim()}`, { tool: 'id' });
  }
  return { uid: Number(uid), gid: Number(gid), userName, isRoot: Number(uid) === 0 };
}

export async function remoteUserName(shell: RemoteShell, uid: number): Promise<string | null> {
  const result = await shell.connection.idempotent(() => shell.run('getent passwd "$1" | cut -d: -f1', [String(uid)]));
  assertNotLost(result, shell.connection.label, 'looking up a user name');
  const name = result.stdout.toString('utf8').trim();
  return result.code === 0 && name ? name : null;
}
