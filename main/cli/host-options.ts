import { Option, type Command } from '@commander-js/extra-typings';
import type { Host } from '../core/host';
import { CoreError, shellQuote } from '../core/shared';
import { isAcceptHostKeyText } from './accept-host-key-text';
import type { CliContext } from './cli-context';

/**
 * The options `addHostOptions` declares (and `--bwdata` itself, required or not), as commander hands them
 * over; the SSH helpers read only these.
 */
export type HostOptions = ReturnType<ReturnType<typeof addHostOptions<[], { bwdata?: string }, Record<string, never>>>['opts']>;

/** What a command works on: the install's host (this computer or the server) and the install folder there. */
export interface CommandHost {
  host: Host;
  /** Absent only for commands whose --bwdata is optional, when none was given or saved. */
  bwdata: string | undefined;
  /** True over SSH. */
  remote: boolean;
}

export interface CommandHostSettings {
  /** `required` (default): --bwdata or the --server entry's install folder must give one (exit 2 otherwise). */
  bwdata?: 'required' | 'optional';
}

/**
 * What the server is for on a command: `install` (the command reads or changes the install there, so
 * --bwdata is a path on the server) or `route` (API calls only go through it, with `--route server`).
 */
export type HostPurpose = 'install' | 'route';

const HOST_HELP: Record<HostPurpose, { host: string; server: string }> = {
  install: {
    host: 'the server over SSH: [user@]host[:port] or a Host alias from ~/.ssh/config (--bwdata is then a path on the server)',
    server: 'a server saved with `servers add` (its user, port, key, ProxyJump hops and install folder)',
  },
  route: {
    host: 'with --route server: the server over SSH that API calls go through, [user@]host[:port] or a Host alias from ~/.ssh/config',
    server: 'with --route server: a server saved with `servers add` for API calls to go through (its user, port, key and ProxyJump hops)',
  },
};

/**
 * Adds `--host`, `--server`, `--identity`, `--accept-host-key`, `--ssh-password-env`,
 * `--sudo-password-env` and `--remember-ssh-secret` to a command that takes `--bwdata` (or, with
 * `route`, to one whose server only carries API calls). Giving `--host` with `--server` is a usage
 * error (exit 2), as is any of them on another command.
 */
export function addHostOptions<Args extends unknown[], Opts extends { bwdata?: string | undefined }, Global extends Record<string, unknown>>(command: Command<Args, Opts, Global>, purpose: HostPurpose = 'install') {
  // Forwarding needs no sudo: on a route-only command the flag stays accepted (scripts pass it everywhere) but is not offered.
  const sudoPassword = new Option('--sudo-password-env <var>', "read the SSH user's sudo password from this environment variable (when bwdata belongs to another user)").hideHelp(purpose === 'route');
  return command
    .addOption(new Option('--host <target>', HOST_HELP[purpose].host).conflicts('server'))
    .addOption(new Option('--server <name>', HOST_HELP[purpose].server).conflicts('host'))
    .option('--identity <file>', 'private key file to log in with (tried after the SSH agent, before ~/.ssh/config\'s keys)')
    .option('--accept-host-key <fingerprint>', "trust the server's key if it is not in known_hosts yet and has exactly this SHA256:… fingerprint (for scripts)")
    .option('--ssh-password-env <var>', 'read the key passphrase or login password from this environment variable (for scripts)')
    .addOption(sudoPassword)
    .option('--remember-ssh-secret', 'keep a passphrase or password typed at the prompt in the OS keychain for this server');
}

/**
 * Runs `work` on the install's host: this computer, or the server named by `--host` / `--server`
 * (known_hosts checked, the bwdata owner taken on through sudo when it is not the SSH user), and
 * always closes the connection. SSH failures end as the CLI's exit codes (2: nothing done; 1: problem).
 */
export async function withCommandHost<T>(options: HostOptions, context: CliContext, work: (target: CommandHost & { bwdata: string }) => Promise<T>): Promise<T>;
export async function withCommandHost<T>(options: HostOptions, context: CliContext, work: (target: CommandHost) => Promise<T>, settings: { bwdata: 'optional' }): Promise<T>;
export async function withCommandHost<T>(options: HostOptions, context: CliContext, work: (target: never) => Promise<T>, settings: CommandHostSettings = {}): Promise<T> {
  const { runWithCommandHost } = await import('./command-host');
  return runWithCommandHost(options, context, work as (target: CommandHost) => Promise<T>, settings.bwdata ?? 'required');
}

/** `--host … --bwdata …` (or `--server …`) as the admin gave them, for "run next" hints. */
export function hostArgsText(options: HostOptions): string {
  const parts: string[] = [];
  if (options.host) parts.push('--host', options.host);
  if (options.server) parts.push('--server', options.server);
  if (options.bwdata) parts.push('--bwdata', options.bwdata);
  return parts.map(shellQuote).join(' ');
}

const SSH_ONLY_FLAGS: ReadonlyArray<[keyof HostOptions, string]> = [
  ['identity', '--identity'],
  ['acceptHostKey', '--accept-host-key'],
  ['sshPasswordEnv', '--ssh-password-env'],
  ['sudoPasswordEnv', '--sudo-password-env'],
  ['rememberSshSecret', '--remember-ssh-secret'],
];

/**
 * The checks that need no file, keychain or network: SSH flags without a server, a missing or relative
 * --bwdata with --host, a malformed --accept-host-key. Usage errors (exit 2). `withCommandHost` runs
 * them first; a command that contacts the server only late (sync wait) runs them up front.
 */
export function checkHostOptions(options: HostOptions, bwdataMode: 'required' | 'optional'): void {
  const usage = (message: string) => new CoreError('invalid-arguments', message, 'unusable-input');
  if (!options.host && !options.server) {
    const stray = SSH_ONLY_FLAGS.find(([key]) => options[key] !== undefined);
    if (stray) throw usage(`${stray[1]} only goes with --host or --server.`);
    if (bwdataMode === 'required' && !options.bwdata) throw new CoreError('usage', "required option '--bwdata <dir>' not specified", 'unusable-input');
    return;
  }
  if (options.host && bwdataMode === 'required' && !options.bwdata) throw usage('--bwdata is required with --host: the install folder on the server (an absolute path such as /opt/bitwarden).');
  if (options.bwdata !== undefined && !options.bwdata.startsWith('/')) throw usage(`With --host or --server, --bwdata is an absolute path on the server (such as /opt/bitwarden), not "${options.bwdata}".`);
  if (options.acceptHostKey !== undefined && !isAcceptHostKeyText(options.acceptHostKey)) {
    throw usage(`--accept-host-key takes a SHA256 fingerprint as ssh-keygen -lf prints it (SHA256: and 43 characters), not "${options.acceptHostKey}".`);
  }
}
