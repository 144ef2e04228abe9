import type { HostIdentity } from '../host';
import { snapshotView } from '../snapshot-view';
import { execBackup, execWriteFileIfUnchanged } from './exec-edits';
import { execReadAhead } from './exec-read-ahead';
import { execReads } from './exec-reads';
import { createRemoteShell, type RemoteShell } from './remote-shell';
import type { RemoteReads } from './remote-reads';
import { sftpReads } from './sftp-reads';
import { SshConnection } from './ssh-connection';
import { forwardConnect } from './ssh-forward';
import { parseIdLine, remoteIdentity, remoteUserName } from './ssh-identity';
import { execLock } from './ssh-lock';
import { sshExec } from './ssh-exec';
import { sshRun } from './ssh-run';
import { sshAttach, sshRuns } from './ssh-runs';
import { sudoShell } from './ssh-sudo';
import type { OpenSshHostOptions, SshHost } from './ssh-types';

/**
 * Connects (through every ProxyJump hop), authenticates and returns the server as a {@link SshHost}.
 * Rejects with an SshError: host-key-*, host-unreachable, ssh-auth-failed, proxy-jump-failed,
 * ssh-handshake-failed.
 */
export async function openSshHost(options: OpenSshHostOptions): Promise<SshHost> {
  const connection = new SshConnection(options);
  await connection.client();
  const login = createRemoteShell(connection, null);
  return buildHost(options, connection, login, sftpReads(connection));
}

function buildHost(options: OpenSshHostOptions, connection: SshConnection, shell: RemoteShell, reads: RemoteReads): SshHost {
  const { spec } = options;
  // Who this shell runs as, once a read-ahead has said (it asks `id` in the same session).
  let learned: HostIdentity | null = null;
  const learn = (idOutput: string) => {
    learned = parseIdLine(idOutput);
  };
  const host: SshHost = {
    spec,
    label: shell.asUser ? `${spec.label} (as ${shell.asUser})` : spec.label,
    // bitwarden.sh (not .ps1) and POSIX paths: the servers this reaches are Linux.
    platform: 'linux',
    stat: (path) => reads.stat(path),
    readFile: (path, readOptions) => reads.readFile(path, readOptions),
    list: (path) => reads.list(path),
    resolveLinks: (path) => reads.resolveLinks(path),
    backup: (path, backupPath) => execBackup(shell, path, backupPath),
    writeFileIfUnchanged: (path, expected, content) => execWriteFileIfUnchanged(shell, path, expected, content),
    run: (request) => sshRun(shell, request),
    listRuns: () => sshRuns(shell),
    attachRun: (id, request) => sshAttach(shell, id, request),
    exec: (request) => sshExec(shell, request),
    identity: async () => (learned ? { ...learned } : remoteIdentity(shell)),
    userName: (uid) => remoteUserName(shell, uid),
    connect: (address, port, signal) => forwardConnect(connection, address, port, signal),
    lock: (path, lockOptions) => execLock(shell, path, lockOptions),
    // One exec instead of a round trip per SFTP stat, open, read and close.
    readAhead: async (request) => snapshotView(host, await execReadAhead((script, args) => shell.run(script, args), request, learned ? undefined : learn)),
    asUser: async (user) => {
      if (user === spec.target.user) return buildHost(options, connection, createRemoteShell(connection, null), sftpReads(connection));
      if (user === shell.asUser) return host;
      const sudo = await sudoShell(connection, spec.target, user, options.prompts);
      return buildHost(options, connection, sudo, execReads(sudo));
    },
    close: () => connection.close(),
  };
  return host;
}
