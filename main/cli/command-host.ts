import path from 'node:path';
import { createLocalHost, type Host } from '../core/host';
import { dialWithEarlySocket } from '../core/host/ssh/ssh-preconnect';
import { isSshError, type SshErrorCode, type SshHost } from '../core/host/ssh/ssh-types';
import type { SshServerSettings } from '../core/settings';
import { CoreError } from '../core/shared';
import type { CliContext } from './cli-context';
import { checkHostOptions, type CommandHost, type HostOptions } from './host-options';
import { withRemoteHint } from './fix-wording';
import { canPrompt } from './prompt';
import { askHostKeyOnTerminal, createCliSshPrompts, secretFromEnv } from './ssh-prompts';
import { homeFolderOf } from './home-folder';

/** SSH failures that mean "nothing was done, fix the input" (exit 2); every other one is exit 1. */
const UNUSABLE_INPUT: ReadonlySet<SshErrorCode> = new Set(['bad-host', 'unsupported-ssh-config', 'identity-unreadable', 'host-key-unknown', 'host-key-changed', 'host-key-revoked']);

function usage(message: string): CoreError {
  return new CoreError('invalid-arguments', message, 'unusable-input');
}

/** See `withCommandHost` in host-options.ts. */
export async function runWithCommandHost<T>(options: HostOptions, context: CliContext, work: (target: CommandHost) => Promise<T>, bwdataMode: 'required' | 'optional'): Promise<T> {
  checkHostOptions(options, bwdataMode);
  if (!options.host && !options.server) {
    return work({ host: createLocalHost(), bwdata: options.bwdata, remote: false });
  }
  try {
    return await runRemote(options, context, work, bwdataMode);
  } catch (error) {
    throw isSshError(error) ? new CoreError(error.code, error.message, UNUSABLE_INPUT.has(error.code) ? 'unusable-input' : 'problem', { ...error.details }) : error;
  }
}

async function runRemote<T>(options: HostOptions, context: CliContext, work: (target: CommandHost) => Promise<T>, bwdataMode: 'required' | 'optional'): Promise<T> {
  const saved = options.server ? await savedServer(options.server, context) : undefined;
  const targetText = options.host ?? targetTextOf(saved!);
  const bwdata = options.bwdata ?? saved?.installFolder;
  if (bwdataMode === 'required' && !bwdata) {
    throw usage(`--bwdata is required: the install folder on the server (an absolute path such as /opt/bitwarden)${options.server ? `; \`servers add\` can save one for ${options.server}` : ''}.`);
  }
  if (bwdata !== undefined && !path.posix.isAbsolute(bwdata)) throw usage(`With --host or --server, --bwdata is an absolute path on the server (such as /opt/bitwarden), not "${bwdata}".`);
  // Loaded while the server answers the login, not after it.
  const installModule = bwdata ? import('../core/install') : undefined;
  installModule?.catch(() => undefined);
  const { ssh, prompts, login } = await openCommandSsh(options, targetText, saved, context);
  // A permission hint names the same server again, so its command can be pasted as is.
  const remote = { flags: options.host ? ['--host', options.host] : ['--server', options.server!], login };
  try {
    const host = bwdata && installModule ? await hostForInstall(ssh, bwdata, await installModule, context) : ssh;
    await prompts.rememberTyped();
    return await work({ host, bwdata, remote: true });
  } catch (error) {
    throw withRemoteHint(error, remote);
  } finally {
    await ssh.close();
  }
}

/** Connects to the server named by --host or --server (host key checked, secrets asked or read from the environment). */
async function openCommandSsh(options: HostOptions, targetText: string, saved: SshServerSettings | undefined, context: CliContext): Promise<{ ssh: SshHost; prompts: ReturnType<typeof createCliSshPrompts>; login: string }> {
  const { resolveSshTarget, createHostKeyVerifier, normalizeFingerprint, sshSecretScope } = await import('../core/ssh-target');
  let acceptFingerprint: string | undefined;
  if (options.acceptHostKey !== undefined) {
    acceptFingerprint = normalizeFingerprint(options.acceptHostKey) ?? undefined;
    if (!acceptFingerprint) throw usage(`--accept-host-key takes a SHA256 fingerprint as ssh-keygen -lf prints it (SHA256:… , 43 characters after the colon), not "${options.acceptHostKey}".`);
  }
  // A named variable that is unset fails now, before anything is contacted.
  if (options.sshPasswordEnv) secretFromEnv(context.env, options.sshPasswordEnv, '--ssh-password-env');
  if (options.sudoPasswordEnv) secretFromEnv(context.env, options.sudoPasswordEnv, '--sudo-password-env');

  const identityFile = options.identity ?? saved?.identityFile;
  // Started before the argument parser loaded when the command line named this server (early-ssh.ts).
  const early = options.host ? (context.earlySsh?.claim({ targetText, identityFile }) ?? null) : null;
  const resolved = early
    ? await early.resolved
    : await resolveSshTarget(targetText, { env: context.env, home: homeFolderOf(context.env), identityFile, proxyJump: options.host ? undefined : saved?.proxyJump });
  for (const note of resolved.notes) context.log(`[ssh] ${note}`);
  const streams = { stdin: context.stdin, stderr: context.stderr };
  const verifyHostKey = createHostKeyVerifier({
    endpoints: resolved.endpoints,
    acceptFingerprint,
    ask: canPrompt(streams) ? (question: Parameters<typeof askHostKeyOnTerminal>[1]) => askHostKeyOnTerminal(context, question) : undefined,
    log: context.log,
  });
  const prompts = createCliSshPrompts({
    context,
    passwordEnv: options.sshPasswordEnv,
    sudoPasswordEnv: options.sudoPasswordEnv,
    scope: sshSecretScope({ name: saved?.name, label: resolved.spec.label }),
    remember: Boolean(options.rememberSshSecret),
    openSecrets: async () => (await import('../core/secrets')).openSecretStore({ log: context.log }),
  });
  const hops = resolved.spec.jumps.map((hop) => `${hop.user}@${hop.host}:${hop.port}`);
  context.log(`[ssh] connecting to ${resolved.spec.label}${hops.length ? ` through ${hops.join(' → ')}` : ''}`);
  const ssh = early ? await early.connect(verifyHostKey, prompts) : await dialWithEarlySocket({ spec: resolved.spec, verifyHostKey, prompts });
  return { ssh, prompts, login: resolved.spec.target.user };
}

/**
 * The server for the API route "through the server" (`--route server` with --host or --server): the SSH login
 * is enough (forwarding needs no sudo). The caller closes it. SSH failures end as the CLI's exit codes.
 */
export async function openRouteServer(options: HostOptions, context: CliContext): Promise<SshHost> {
  checkHostOptions(options, 'optional');
  try {
    const saved = options.server ? await savedServer(options.server, context) : undefined;
    const { ssh, prompts } = await openCommandSsh(options, options.host ?? targetTextOf(saved!), saved, context);
    await prompts.rememberTyped();
    return ssh;
  } catch (error) {
    throw isSshError(error) ? new CoreError(error.code, error.message, UNUSABLE_INPUT.has(error.code) ? 'unusable-input' : 'problem', { ...error.details }) : error;
  }
}

/**
 * bwdata usually belongs to a dedicated user: when that is not the SSH login (and the login is not
 * root), reads, writes and runs go through sudo as that user. A missing folder is exit 2.
 */
async function hostForInstall(ssh: SshHost, bwdata: string, install: typeof import('../core/install'), context: CliContext): Promise<Host> {
  // One exec session, no SFTP: the install read ahead as the login user (the folders' owners decide
  // here; when no sudo is needed, the command reads from it too). It also learns who we are, so
  // identity() answers without a session of its own.
  const chosen = path.posix.resolve(bwdata);
  const { readAheadInstall, MAX_ENV_FILE_BYTES } = install;
  const reads = await readAheadInstall(ssh, chosen, MAX_ENV_FILE_BYTES);
  const me = await ssh.identity();
  const [folder, inner] = await Promise.all([reads.stat(chosen), reads.stat(path.posix.join(chosen, 'bwdata')).catch(() => null)]);
  if (!folder) throw new CoreError('not-found', `${bwdata} does not exist on ${ssh.label}. Give the install folder on the server (the one holding bitwarden.sh and bwdata).`, 'unusable-input', { path: bwdata });
  const owned = folder.kind === 'directory' && inner?.kind === 'directory' ? inner : folder;
  if (me.isRoot || owned.uid === me.uid) return reads;
  const owner = await ssh.userName(owned.uid);
  if (!owner) {
    context.log(`[ssh] ${bwdata} belongs to uid ${owned.uid}, which has no user name on the server; working as ${me.userName}`);
    return ssh;
  }
  context.log(`[ssh] the install belongs to ${owner}, not ${me.userName}: working as ${owner} through sudo`);
  return ssh.asUser(owner);
}

async function savedServer(name: string, context: CliContext): Promise<SshServerSettings> {
  // Loaded here, not at the top: --host never reads settings, and their schema (zod) is most of a start's parsing.
  const { FileSettingsStore, defaultSettingsPath } = await import('../core/settings');
  const settings = await new FileSettingsStore(defaultSettingsPath(context.env)).load();
  const found = settings.sshServers.find((server) => server.name === name);
  if (!found) {
    const known = settings.sshServers.map((server) => server.name);
    throw new CoreError('server-unknown', `No saved server is called "${name}"${known.length ? ` (saved: ${known.join(', ')})` : ''}. Add it with: sponsorship-setup servers add ${name} --host [user@]host[:port]`, 'unusable-input');
  }
  return found;
}

/** The saved entry as `[user@]host[:port]` (IPv6 in brackets). */
export function targetTextOf(server: Pick<SshServerSettings, 'host' | 'user' | 'port'>): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  return `${server.user ? `${server.user}@` : ''}${host}${server.port ? `:${server.port}` : server.host.includes(':') ? ':22' : ''}`;
}
