import { readFile } from 'node:fs/promises';
import path from 'node:path';
import SSHConfig, { glob, LineType, type Line } from 'ssh-config';
import { SshError } from '../host/ssh/ssh-types';

/** Directives an alias's settings are read from, lower-cased; repeatable ones keep every value in order. */
export type HostDirectives = ReadonlyMap<string, readonly string[]>;

const REPEATABLE = new Set(['identityfile', 'certificatefile', 'localforward', 'remoteforward', 'dynamicforward', 'sendenv', 'setenv']);

/**
 * Directives that change how OpenSSH reaches or trusts a server in ways we do not implement. Each is
 * refused by name when it applies to the server, never quietly ignored.
 */
const UNSUPPORTED_WHEN_SET: Record<string, { name: string; why: string }> = {
  proxycommand: { name: 'ProxyCommand', why: 'use ProxyJump instead (one or more hops)' },
  certificatefile: { name: 'CertificateFile', why: 'SSH certificates are not supported; use a plain key' },
  knownhostscommand: { name: 'KnownHostsCommand', why: 'list the host keys in a known_hosts file instead' },
  hostkeyalias: { name: 'HostKeyAlias', why: 'known_hosts entries are looked up by the real host name and port' },
};

export function unsupportedConfig(name: string, where: string, why: string): SshError {
  return new SshError('unsupported-ssh-config', `${where} uses "${name}", which Sponsorship Setup does not support: ${why}. Nothing was contacted.`, {
    unsupported: name,
  });
}

/** The user's ~/.ssh/config, parsed; an empty config when the file does not exist. */
export async function loadUserSshConfig(home: string): Promise<{ file: string; config: SSHConfig }> {
  const file = path.join(home, '.ssh', 'config');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SshError('bad-host', `Cannot read ${file}: ${(error as Error).message}`);
    }
  }
  return { file, config: SSHConfig.parse(text) };
}

function valuesOf(line: Line & { value?: unknown }): string[] {
  const value = (line as { value: string | { val: string }[] }).value;
  return Array.isArray(value) ? value.map((part) => part.val) : [value];
}

/**
 * The settings OpenSSH would apply to `alias`: lines before the first Host and every matching Host
 * section, the first value winning (IdentityFile and other repeatable ones accumulate). `Include`
 * and `Match` are refused: Match criteria such as `exec` cannot be evaluated safely, and an included
 * file could hold anything.
 */
export function directivesFor(config: SSHConfig, alias: string, file: string): HostDirectives {
  const found = new Map<string, string[]>();
  const name = alias.toLowerCase();
  const take = (line: Line) => {
    if (line.type !== LineType.DIRECTIVE) return;
    const key = line.param.toLowerCase();
    if (key === 'include') throw unsupportedConfig('Include', file, 'put the server\'s settings in ~/.ssh/config itself, or give [user@]host[:port]');
    const values = valuesOf(line);
    if (REPEATABLE.has(key)) found.set(key, [...(found.get(key) ?? []), ...values]);
    else if (!found.has(key)) found.set(key, values);
  };
  for (const line of config) {
    if (line.type !== LineType.DIRECTIVE) continue;
    const key = line.param.toLowerCase();
    if (key === 'match') throw unsupportedConfig('Match', file, 'use Host sections, or give [user@]host[:port]');
    if (key === 'host') {
      const patterns = valuesOf(line).map((pattern) => pattern.toLowerCase());
      if (glob(patterns, name)) for (const inner of (line as Line & { config: SSHConfig }).config) take(inner);
      continue;
    }
    take(line);
  }
  for (const [key, { name: directive, why }] of Object.entries(UNSUPPORTED_WHEN_SET)) {
    const value = found.get(key);
    if (value && value.length > 0 && value[0]!.toLowerCase() !== 'none') throw unsupportedConfig(directive, `${file} (Host ${alias})`, why);
  }
  if (found.get('canonicalizehostname')?.[0]?.toLowerCase() === 'yes' || found.get('canonicalizehostname')?.[0]?.toLowerCase() === 'always') {
    throw unsupportedConfig('CanonicalizeHostName', `${file} (Host ${alias})`, 'write the full host name in HostName');
  }
  return found;
}

export function firstValue(directives: HostDirectives, key: string): string | undefined {
  return directives.get(key)?.[0];
}
