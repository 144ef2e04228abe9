import type { HostIdentity } from '../host';
import { assertNotLost, missingToolError, type RemoteShell } from './remote-shell';
import { SshError } from './ssh-types';

/** `id`'s first two fields in the C locale: `uid=1001(name) gid=1001(group)`; the name is absent when the uid has none. */
const ID_LINE = /^uid=(\d+)(?:\(([^)]*)\))? gid=(\d+)/;

export async function remoteIdentity(shell: RemoteShell): Promise<HostIdentity> {
  // One `id` (not -u, -g, -un one after another): every process started on a busy server costs.
  const result = await shell.connection.idempotent(() => shell.run('LC_ALL=C id', []));
  assertNotLost(result, shell.connection.label, 'asking who we are');
  const missing = missingToolError(result, shell.connection.label);
  if (missing) throw missing;
  const identity = result.code === 0 ? parseIdLine(result.stdout.toString('utf8')) : null;
  if (!identity) {
    throw new SshError('remote-tool-missing', `${shell.connection.label} could not say who we are: ${result.stderr.trim()}`, { tool: 'id' });
  }
  return identity;
}

/** `LC_ALL=C id` output as an identity; null when it is not that (or the uid has no name). */
export function parseIdLine(text: string): HostIdentity | null {
  const [, uid, userName, gid] = ID_LINE.exec(text.trim()) ?? [];
  if (uid === undefined || gid === undefined || !userName) return null;
  return { uid: Number(uid), gid: Number(gid), userName, isRoot: Number(uid) === 0 };
}

export async function remoteUserName(shell: RemoteShell, uid: number): Promise<string | null> {
  const result = await shell.connection.idempotent(() => shell.run('getent passwd "$1" | cut -d: -f1', [String(uid)]));
  assertNotLost(result, shell.connection.label, 'looking up a user name');
  const name = result.stdout.toString('utf8').trim();
  return result.code === 0 && name ? name : null;
}
