import { assertNotLost, createRemoteShell, missingToolError, type RemoteShell, type SudoMode } from './remote-shell';
import type { SshConnection } from './ssh-connection';
import { SshError, type SshEndpoint, type SshSecretPrompts } from './ssh-types';

const NO_SUDO = 40;

/** The sudoers line that lets `loginUser` act as `owner` without a password. */
export function sudoersLineFor(loginUser: string, owner: string): string {
  return `${loginUser} ALL=(${owner}) NOPASSWD: ALL`;
}

/**
 * A shell acting as `owner`: `sudo -n` when a NOPASSWD rule allows it, else `sudo -S` with the sudo
 * password asked once (kept in this shell's memory only). Refused sudo says which sudoers line
 * would allow it.
 */
export async function sudoShell(connection: SshConnection, endpoint: SshEndpoint, owner: string, prompts: SshSecretPrompts): Promise<RemoteShell> {
  const login = createRemoteShell(connection, null);
  const sudoersLine = sudoersLineFor(endpoint.user, owner);
  const refused = (why: string) =>
    new SshError('sudo-refused', `${endpoint.user} may not act as ${owner} on ${connection.label} (${why}); allow it with this sudoers line: ${sudoersLine}`, { sudoersLine });

  const probe = await login.run(`command -v sudo >/dev/null 2>&1 || exit ${NO_SUDO}; sudo -n -u "$1" -- bash -c 'exit 0'`, [owner]);
  assertNotLost(probe, connection.label, 'checking sudo');
  const missing = missingToolError(probe, connection.label);
  if (missing) throw missing;
  if (probe.code === NO_SUDO) throw new SshError('remote-tool-missing', `${connection.label} has no sudo; install it on the server`, { tool: 'sudo' });
  if (probe.code === 0) return createRemoteShell(connection, { user: owner, password: null });
  if (/unknown user/i.test(probe.stderr)) throw new SshError('sudo-refused', `there is no user ${owner} on ${connection.label}`, { sudoersLine });
  if (!/password is required/i.test(probe.stderr)) throw refused(probe.stderr.trim() || `sudo exited with ${probe.code}`);

  const password = await prompts.sudoPassword(endpoint, owner);
  if (password === null) throw refused('no sudo password was given');
  const mode: SudoMode = { user: owner, password };
  const withPassword = createRemoteShell(connection, mode);
  const check = await withPassword.run('exit 0', []);
  assertNotLost(check, connection.label, 'checking sudo');
  if (check.code !== 0) throw refused(/incorrect password|Sorry, try again/i.test(check.stderr) ? 'the sudo password was not accepted' : check.stderr.trim() || 'sudo refused');
  return withPassword;
}
