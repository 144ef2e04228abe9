import { SshError } from '../host/ssh/ssh-types';

/** `[user@]host[:port]` (or `ssh://[user@]host[:port]`) as typed on the command line or in a ProxyJump list. */
export interface TargetText {
  user?: string;
  /** A host name, an address, or an alias from ~/.ssh/config (IPv6 without brackets). */
  host: string;
  port?: number;
}

const HOST_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?$/;
const USER_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.$-]*$/;

function badHost(text: string, why: string): SshError {
  return new SshError('bad-host', `"${text}" is not a server: ${why} Give [user@]host[:port] or a Host alias from ~/.ssh/config.`);
}

/** Parses one target; throws `bad-host` (nothing contacted) for anything else. */
export function parseTargetText(text: string): TargetText {
  const trimmed = text.trim();
  if (!trimmed) throw badHost(text, 'it is empty.');
  let rest = trimmed.startsWith('ssh://') ? trimmed.slice('ssh://'.length).replace(/\/$/, '') : trimmed;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at !== -1) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER_NAME.test(user)) throw badHost(text, `"${user}" is not a user name.`);
  }
  let host = rest;
  let portText: string | undefined;
  const colons = (rest.match(/:/g) ?? []).length;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (!IPV6.test(host) && !HOST_NAME.test(host)) throw badHost(text, `"${host}" is not a host name or address.`);
  } else if (colons > 1) {
    // Several colons without brackets: a bare IPv6 address (no port can be told apart).
    if (!IPV6.test(rest)) throw badHost(text, `"${rest}" is not a host name or address.`);
  } else {
    if (colons === 1) [host, portText] = rest.split(':') as [string, string];
    if (!HOST_NAME.test(host)) throw badHost(text, `"${host}" is not a host name, address or alias.`);
  }
  const port = portText === undefined ? undefined : parsePort(portText, text);
  return { ...(user !== undefined ? { user } : {}), host, ...(port !== undefined ? { port } : {}) };
}

/**
 * A ProxyJump list as `ssh -J` and ~/.ssh/config take it: `none` (a direct connection), or hops
 * `[user@]host[:port]` (or aliases) separated by commas, first hop first. Throws `bad-host` for any bad hop.
 */
export function parseJumpList(text: string): TargetText[] {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'none') return [];
  const hops = trimmed.split(',');
  return hops.map((hop, index) => {
    try {
      return parseTargetText(hop);
    } catch (error) {
      if (hops.length === 1 || !(error instanceof SshError)) throw error;
      throw new SshError(error.code, `ProxyJump hop ${index + 1} of ${hops.length}: ${error.message}`, error.details);
    }
  });
}

export function parsePort(text: string, context: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw badHost(context, `"${text}" is not a port (1–65535).`);
  return port;
}

/** `user@host` or `user@host:port` (IPv6 in brackets when a port follows), as messages and known_hosts show it. */
export function endpointLabel(endpoint: { host: string; port: number; user: string }): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return endpoint.port === 22 ? `${endpoint.user}@${endpoint.host}` : `${endpoint.user}@${host}:${endpoint.port}`;
}
