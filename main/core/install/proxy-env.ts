import { lookupEnv } from '../env-file';
import type { Host } from '../host';
import { loadEnvFile } from './install-status';

const PROXY_KEYS = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'] as const;

/**
 * The proxy variables the install gives its containers (bwdata/env/global.override.env), as an environment for
 * the firewall check measured from the server: the proxy the .NET services use is the one to test.
 */
export async function installProxyEnv(host: Host, dir: string): Promise<Record<string, string>> {
  const { document } = await loadEnvFile(host, dir);
  const env: Record<string, string> = {};
  for (const key of PROXY_KEYS) {
    const value = lookupEnv(document, key)?.value;
    if (value !== undefined && value.trim() !== '') env[key] = value.trim();
  }
  return env;
}
