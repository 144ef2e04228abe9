import type { ClientChannel } from 'ssh2';
import { shellCommand } from './shell-quote';
import { exitOf, type SshConnection } from './ssh-connection';
import { SshError } from './ssh-types';

export interface ExecResult {
  /** `null` when the channel closed without an exit status (the link dropped). */
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * How commands reach the server as a given user: the login user directly, or the install's owner
 * through `sudo -n -u OWNER` (or `sudo -S` with a password typed once, sent first on stdin and kept
 * in memory only). Every command is `bash -c SCRIPT bash ARGS…`, quoted for the login shell.
 */
export interface RemoteShell {
  readonly connection: SshConnection;
  /** The user the commands run as; `null` for the login user. */
  readonly asUser: string | null;
  /** Opens an exec channel running `script`; the caller writes stdin (after `stdinPrefix`). */
  open(script: string, args: readonly string[]): Promise<{ channel: ClientChannel; stdinPrefix: Buffer | null }>;
  run(script: string, args: readonly string[], options?: { stdin?: Uint8Array }): Promise<ExecResult>;
}

export interface SudoMode {
  user: string;
  /** Held in memory for this connection only; `null` when NOPASSWD sudo works. */
  password: string | null;
}

export function createRemoteShell(connection: SshConnection, sudo: SudoMode | null): RemoteShell {
  const commandLine = (script: string, args: readonly string[]): string => {
    const bash = ['bash', '-c', script, 'bash', ...args];
    if (!sudo) return shellCommand(bash);
    const sudoWords = sudo.password === null ? ['sudo', '-n', '-u', sudo.user, '--'] : ['sudo', '-S', '-k', '-p', '', '-u', sudo.user, '--'];
    return shellCommand([...sudoWords, ...bash]);
  };
  const stdinPrefix = sudo?.password != null ? Buffer.from(`${sudo.password}\n`) : null;
  const shell: RemoteShell = {
    connection,
    asUser: sudo?.user ?? null,
    open: async (script, args) => ({ channel: await connection.exec(commandLine(script, args)), stdinPrefix }),
    run: async (script, args, options = {}) => {
      const { channel } = await shell.open(script, args);
      return collect(channel, stdinPrefix, options.stdin);
    },
  };
  return shell;
}

function collect(channel: ClientChannel, stdinPrefix: Buffer | null, stdin: Uint8Array | undefined): Promise<ExecResult> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let code: number | null = null;
    let signal: string | null = null;
    channel.on('data', (chunk: Buffer) => stdout.push(chunk));
    channel.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    channel.on('exit', (exitCode: number | null, exitSignal?: string) => {
      code = exitCode;
      signal = exitSignal ?? null;
    });
    channel.on('error', () => undefined);
    // ssh2 can deliver a late exit-status right after the close on a busy link: read it a tick later.
    channel.on('close', () => {
      // The status may have come before these listeners (see exitOf).
      const early = exitOf(channel);
      resolve({ code: code ?? early?.code ?? null, signal: signal ?? early?.signal ?? null, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    if (stdinPrefix) channel.write(stdinPrefix);
    if (stdin && stdin.length > 0) channel.write(Buffer.from(stdin));
    channel.end();
  });
}

/** `bash` or `sudo` missing on the server shows as exit 127 from the login shell. */
export function missingToolError(result: ExecResult, label: string): SshError | null {
  if (result.code !== 127) return null;
  const match = /\b(sudo|bash)\b[^\n]*(not found|No such file)/.exec(result.stderr);
  if (!match) return null;
  const tool = match[1]!;
  return new SshError('remote-tool-missing', `${label} has no ${tool}; install it on the server`, { tool });
}

/** A result with no exit status means the channel died with the link. */
export function assertNotLost(result: ExecResult, label: string, what: string): void {
  if (result.code === null && result.signal === null) {
    throw new SshError('connection-lost', `the connection to ${label} dropped while ${what}`);
  }
}
