import os from 'node:os';
import path from 'node:path';
import type SSHConfig from 'ssh-config';
import { SshError, type SshConnectSpec, type SshEndpoint } from '../host/ssh/ssh-types';
import { expandHomePath, expandTokens, type TokenValues } from './expand-path';
import { checkNamedIdentity, collectIdentityFiles } from './identity-files';
import { directivesFor, firstValue, loadUserSshConfig, type HostDirectives } from './ssh-config-file';
import { endpointLabel, parseJumpList, parsePort, parseTargetText, type TargetText } from './target-text';

/** Where the host keys of one endpoint are looked up and added. */
export interface ResolvedEndpoint extends SshEndpoint {
  /** The name as typed or as listed in ProxyJump (alias or host). */
  alias: string;
  /** UserKnownHostsFile (default ~/.ssh/known_hosts, ~/.ssh/known_hosts2); new entries go to the first. */
  knownHostsFiles: string[];
  /** Read-only system lists (default /etc/ssh/ssh_known_hosts). */
  globalKnownHostsFiles: string[];
  /** HashKnownHosts yes: new entries are written hashed. */
  hashKnownHosts: boolean;
}

export interface ResolvedSshTarget {
  spec: SshConnectSpec;
  /** The ProxyJump hops in order, then the server itself. */
  endpoints: ResolvedEndpoint[];
  /** Things the admin should know (skipped keys, certificates not offered). */
  notes: string[];
}

export interface ResolveSshTargetOptions {
  /** Default os.homedir() (HOME; USERPROFILE on Windows). */
  home?: string;
  /** Default os.userInfo().username. */
  localUser?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** `--identity FILE`: offered first, and must be readable. */
  identityFile?: string;
  /**
   * ProxyJump hops typed by the admin (`[user@]host[:port]` or aliases, comma-separated; `none` for a
   * direct connection): used instead of the target's ProxyJump in ~/.ssh/config, as `ssh -J` does.
   */
  proxyJump?: string;
  /** Default ['/etc/ssh/ssh_known_hosts'] (never /etc/ssh/ssh_config). */
  globalKnownHostsFiles?: string[];
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 15_000;
const MAX_JUMP_DEPTH = 8;

interface Context {
  config: SSHConfig;
  configFile: string;
  home: string;
  localUser: string;
  globalKnownHostsFiles: string[];
  seen: Set<string>;
}

/**
 * Turns `[user@]host[:port]` or a ~/.ssh/config alias into what the SSH connection needs, reading
 * only the user's config (not /etc/ssh/ssh_config). Typed user and port win over the config, as with
 * `ssh -p`. Throws `bad-host`, `unsupported-ssh-config` or `identity-unreadable` before anything is contacted.
 */
export async function resolveSshTarget(text: string, options: ResolveSshTargetOptions = {}): Promise<ResolvedSshTarget> {
  const home = options.home ?? os.homedir();
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const typed = parseTargetText(text);
  const { file, config } = await loadUserSshConfig(home);
  const context: Context = {
    config,
    configFile: file,
    home,
    localUser: options.localUser ?? safeLocalUser(env),
    globalKnownHostsFiles: options.globalKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts'],
    seen: new Set(),
  };
  const target = resolveEndpoint(typed, context);
  const jumps = options.proxyJump?.trim() ? resolveJumpList(options.proxyJump.trim(), target.tokens, context, 0, 'the ProxyJump given') : resolveJumps(target.directives, target.tokens, context, 0);
  const notes: string[] = [];
  const named = options.identityFile ? path.resolve(options.identityFile) : undefined;
  if (named) await checkNamedIdentity(named);
  const configured = [target, ...jumps].flatMap((endpoint) => identityFilesOf(endpoint.directives, endpoint.tokens, context));
  const found = await collectIdentityFiles([...new Set(configured)], home, notes);
  const identityFiles = [...new Set([...(named ? [named] : []), ...found])];
  const spec: SshConnectSpec = {
    label: endpointLabel(target.endpoint),
    target: plainEndpoint(target.endpoint),
    jumps: jumps.map((hop) => plainEndpoint(hop.endpoint)),
    identityFiles,
    connectTimeoutMs: seconds(firstValue(target.directives, 'connecttimeout'), DEFAULT_CONNECT_TIMEOUT_MS, 'ConnectTimeout', context),
    keepAliveIntervalMs: seconds(firstValue(target.directives, 'serveraliveinterval'), DEFAULT_KEEPALIVE_INTERVAL_MS, 'ServerAliveInterval', context),
  };
  const agentSocket = agentSocketFor(target.directives, target.tokens, env, platform, context);
  if (agentSocket) spec.agentSocket = agentSocket;
  return { spec, endpoints: [...jumps, target].map((item) => item.endpoint), notes };
}

interface EndpointWithConfig {
  endpoint: ResolvedEndpoint;
  directives: HostDirectives;
  tokens: TokenValues;
}

function resolveEndpoint(typed: TargetText, context: Context): EndpointWithConfig {
  const directives = directivesFor(context.config, typed.host, context.configFile);
  const where = `${context.configFile} (Host ${typed.host})`;
  const configPort = firstValue(directives, 'port');
  const port = typed.port ?? (configPort ? parsePort(configPort, where) : 22);
  const user = typed.user ?? firstValue(directives, 'user') ?? context.localUser;
  const base: TokenValues = { home: context.home, host: typed.host, alias: typed.host, port, remoteUser: user, localUser: context.localUser };
  const hostName = firstValue(directives, 'hostname');
  const host = hostName ? expandTokens(hostName, base, where) : typed.host;
  if (hostName) parseTargetText(host.includes(':') ? `[${host}]` : host);
  const tokens = { ...base, host };
  const knownHosts = directives.get('userknownhostsfile');
  const globalKnownHosts = directives.get('globalknownhostsfile');
  const expandList = (files: readonly string[]) => files.filter((f) => f.toLowerCase() !== 'none').map((f) => expandHomePath(expandTokens(f, tokens, where), context.home));
  const endpoint: ResolvedEndpoint = {
    host,
    port,
    user,
    alias: typed.host,
    knownHostsFiles: knownHosts ? expandList(knownHosts) : [path.join(context.home, '.ssh', 'known_hosts'), path.join(context.home, '.ssh', 'known_hosts2')],
    globalKnownHostsFiles: globalKnownHosts ? expandList(globalKnownHosts) : context.globalKnownHostsFiles,
    hashKnownHosts: firstValue(directives, 'hashknownhosts')?.toLowerCase() === 'yes',
  };
  return { endpoint, directives, tokens };
}

/**
 * ProxyJump `a,b` reaches `b` through `a`, and `a` through its own ProxyJump (as `ssh -J` does): each
 * hop is resolved through the config too.
 */
function resolveJumps(directives: HostDirectives, tokens: TokenValues, context: Context, depth: number): EndpointWithConfig[] {
  const value = firstValue(directives, 'proxyjump');
  if (!value) return [];
  return resolveJumpList(value, tokens, context, depth, `ProxyJump in ${context.configFile}`);
}

/** One ProxyJump value (`none`, or hops separated by commas), each hop resolved through the config. */
function resolveJumpList(value: string, tokens: TokenValues, context: Context, depth: number, source: string): EndpointWithConfig[] {
  if (value.toLowerCase() === 'none') return [];
  if (depth >= MAX_JUMP_DEPTH) {
    throw new SshError('bad-host', `${source} nests more than ${MAX_JUMP_DEPTH} hops deep (a loop?). Nothing was contacted.`);
  }
  const where = `${source} (${value})`;
  const hops = parseJumpList(expandTokens(value, tokens, where)).map((hop) => resolveEndpoint(hop, context));
  const first = hops[0]!;
  const key = `${first.endpoint.alias}`;
  if (context.seen.has(key)) throw new SshError('bad-host', `${source} loops through ${key}. Nothing was contacted.`);
  context.seen.add(key);
  return [...resolveJumps(first.directives, first.tokens, context, depth + 1), ...hops];
}

function identityFilesOf(directives: HostDirectives, tokens: TokenValues, context: Context): string[] {
  const where = `${context.configFile} (IdentityFile)`;
  return (directives.get('identityfile') ?? []).filter((f) => f.toLowerCase() !== 'none').map((f) => expandHomePath(expandTokens(f, tokens, where), context.home));
}

function agentSocketFor(directives: HostDirectives, tokens: TokenValues, env: NodeJS.ProcessEnv, platform: NodeJS.Platform, context: Context): string | undefined {
  const configured = firstValue(directives, 'identityagent');
  if (configured?.toLowerCase() === 'none') return undefined;
  if (configured && configured !== 'SSH_AUTH_SOCK') {
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(configured)?.[1];
    if (variable) return env[variable] || undefined;
    return expandHomePath(expandTokens(configured, tokens, `${context.configFile} (IdentityAgent)`), context.home);
  }
  if (env['SSH_AUTH_SOCK']) return env['SSH_AUTH_SOCK'];
  // Windows: the OpenSSH agent service's pipe; ssh2 also understands 'pageant' (set SSH_AUTH_SOCK=pageant).
  return platform === 'win32' ? '\\\\.\\pipe\\openssh-ssh-agent' : undefined;
}

function seconds(value: string | undefined, fallbackMs: number, name: string, context: Context): number {
  if (value === undefined) return fallbackMs;
  if (!/^\d{1,6}$/.test(value)) throw new SshError('bad-host', `${name} in ${context.configFile} must be a whole number of seconds, not "${value}". Nothing was contacted.`);
  return Number(value) * 1000;
}

function plainEndpoint(endpoint: ResolvedEndpoint): SshEndpoint {
  return { host: endpoint.host, port: endpoint.port, user: endpoint.user };
}

function safeLocalUser(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env['USER'] ?? env['USERNAME'] ?? 'root';
  }
}
