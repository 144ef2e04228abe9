import net from 'node:net';
import type { Host } from '../host/host';
import type { LookupAddress, LookupFunction } from './types';

/** getent exits 2 when the name has no address: it cannot tell NXDOMAIN from a resolver that refused. */
export const GETENT_NO_ADDRESS = 'GETENT_NO_ADDRESS';
/** The server has no `getent` (not glibc, or not on PATH). */
export const GETENT_MISSING = 'GETENT_MISSING';

/**
 * Addresses from `getent ahosts NAME` ("ADDRESS  STREAM name", then DGRAM and RAW lines for the same address),
 * unique and in the resolver's order, so the check dials what the server's own programs would.
 */
export function parseGetentAhosts(output: string): LookupAddress[] {
  const seen = new Set<string>();
  const addresses: LookupAddress[] = [];
  for (const line of output.split(/\r?\n/)) {
    const address = line.trim().split(/\s+/)[0] ?? '';
    const family = net.isIP(address);
    if (family === 0 || seen.has(address)) continue;
    seen.add(address);
    addresses.push({ address, family: family === 6 ? 6 : 4 });
  }
  return addresses;
}

function lookupError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** Resolves names on the host itself (its /etc/hosts, resolv.conf and DNS filter), as its services would. */
export function hostLookup(host: Host): LookupFunction {
  return async (name, signal) => {
    const lines: string[] = [];
    const result = await host.run({
      command: 'getent',
      args: ['ahosts', name],
      cwd: '/',
      onLine: (line) => {
        if (line.stream === 'stdout') lines.push(line.text);
      },
      signal,
      killGraceMs: 500,
    });
    if (result.spawnError) throw lookupError(GETENT_MISSING, `getent could not run on ${host.label}: ${result.spawnError}`);
    if (result.exitCode === 2) throw lookupError(GETENT_NO_ADDRESS, `getent ahosts ${name}: no address`);
    if (result.exitCode !== 0) throw lookupError('EAI_FAIL', `getent ahosts ${name} exited with ${result.exitCode ?? result.signal}`);
    const addresses = parseGetentAhosts(lines.join('\n'));
    if (addresses.length === 0) throw lookupError(GETENT_NO_ADDRESS, `getent ahosts ${name}: no address in its answer`);
    return addresses;
  };
}
