import dns from 'node:dns';
import net from 'node:net';
import { GETENT_MISSING, GETENT_NO_ADDRESS } from './host-lookup';
import type { LookupAddress, LookupFunction, Verdict } from './types';

/**
 * dns.lookup (getaddrinfo) cannot be cancelled and can hold a libuv thread for ~10 s (nodejs/node#62503), so
 * at most one lookup per name is in flight in this process; a new run joins it instead of piling up.
 */
const inFlight = new Map<string, Promise<LookupAddress[]>>();

export const systemLookup: LookupFunction = (host) => {
  const key = host.toLowerCase();
  const pending = inFlight.get(key);
  if (pending) return pending;
  const started = dns.promises
    .lookup(host, { all: true, verbatim: true })
    .then((answers) => answers.map((a) => ({ address: a.address, family: a.family === 6 ? (6 as const) : (4 as const) })))
    .finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
};

/** NXDOMAIN / no such record: the resolver works and says the name does not exist (filtered or split-horizon DNS). */
const NAME_DOES_NOT_EXIST = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

export function classifyDnsError(code: string | undefined): { verdict: Verdict; explanation: string } {
  if (code === GETENT_NO_ADDRESS) {
    return {
      verdict: 'dns-failed',
      explanation: "the server's resolver gave no address (getent ahosts exit 2: the name does not exist there, or its DNS server refused the query)",
    };
  }
  if (code === GETENT_MISSING) return { verdict: 'dns-unavailable', explanation: 'the server has no getent to resolve names with' };
  if (code && NAME_DOES_NOT_EXIST.has(code)) {
    return { verdict: 'dns-failed', explanation: `the resolver answered that the name does not exist (NXDOMAIN, ${code})` };
  }
  const why =
    code === 'EAI_AGAIN'
      ? 'no resolver answered (EAI_AGAIN: no DNS server reachable, or it failed temporarily)'
      : `the resolver could not be used (${code ?? 'unknown error'})`;
  return { verdict: 'dns-unavailable', explanation: why };
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
}

function inV4(ip: string, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ipv4ToInt(ip) & mask) === (ipv4ToInt(base) & mask);
}

/**
 * Answers a DNS filter gives instead of the real address. `strict` (Bitwarden's public cloud names) also counts
 * private and link-local ranges; a custom target may legitimately live on a private network.
 */
export function isSinkholeAddress(address: string, strict: boolean): boolean {
  let ip = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped?.[1]) ip = mapped[1];
  if (net.isIPv4(ip)) {
    if (inV4(ip, '0.0.0.0', 8) || inV4(ip, '127.0.0.0', 8)) return true;
    if (!strict) return false;
    return (
      inV4(ip, '10.0.0.0', 8) || inV4(ip, '172.16.0.0', 12) || inV4(ip, '192.168.0.0', 16) ||
      inV4(ip, '169.254.0.0', 16) || inV4(ip, '100.64.0.0', 10)
    );
  }
  if (ip === '::' || ip === '::1') return true;
  if (!strict) return false;
  return /^f[cd][0-9a-f]{2}:/.test(ip) || /^fe[89ab][0-9a-f]:/.test(ip);
}
