import { CoreError, redactUrlCredentials } from '../shared';

/** Which Bitwarden server a client talks to: the bitwarden.com/.eu cloud, or the admin's own install. */
export type ServerRole = 'cloud' | 'self';

/** How messages name each server to the admin ("Sign in to the Bitwarden cloud first."). */
export const SERVER_ROLE_TITLES: Record<ServerRole, string> = { cloud: 'Bitwarden cloud', self: 'self-hosted vault' };

/** Base URLs of one server. Paths such as `/accounts/profile` are appended to `apiUrl`. */
export interface VaultEndpoints {
  apiUrl: string;
  identityUrl: string;
}

export type CloudRegion = 'US' | 'EU';

/** `src/Core/Settings/CloudRegionConfig.cs`: US `.bitwarden.com`, EU `.bitwarden.eu`. */
export const CLOUD_ENDPOINTS: Record<CloudRegion, VaultEndpoints> = {
  US: { apiUrl: 'https://api.bitwarden.com', identityUrl: 'https://identity.bitwarden.com' },
  EU: { apiUrl: 'https://api.bitwarden.eu', identityUrl: 'https://identity.bitwarden.eu' },
};

export function cloudEndpoints(region: CloudRegion): VaultEndpoints {
  return { ...CLOUD_ENDPOINTS[region] };
}

/**
 * `util/Setup/Templates/NginxConfig.hbs`: a self-hosted install serves the API under `<vault>/api` (nginx strips `/api`)
 * and identity under `<vault>/identity` (path kept).
 */
export function selfHostedEndpoints(vaultUrl: string): VaultEndpoints {
  const base = normaliseBaseUrl(vaultUrl, 'vault URL');
  return { apiUrl: `${base}/api`, identityUrl: `${base}/identity` };
}

/** Checks explicit endpoints (https only, no query or fragment) and drops trailing slashes. */
export function normaliseEndpoints(endpoints: VaultEndpoints): VaultEndpoints {
  return {
    apiUrl: normaliseBaseUrl(endpoints.apiUrl, 'API URL'),
    identityUrl: normaliseBaseUrl(endpoints.identityUrl, 'identity URL'),
  };
}

function normaliseBaseUrl(raw: string, what: string): string {
  // Never echo credentials someone put into the URL, not even in the error about them.
  const shown = redactUrlCredentials(raw);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CoreError('invalid-server-url', `The ${what} "${shown}" is not a valid URL.`, 'unusable-input');
  }
  if (url.protocol !== 'https:') {
    // Personal API keys and billing sync tokens must never cross the network in clear text.
    throw new CoreError('invalid-server-url', `The ${what} "${shown}" must start with https://.`, 'unusable-input');
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new CoreError(
      'invalid-server-url',
      `The ${what} "${shown}" must not contain a query, fragment or credentials.`,
      'unusable-input',
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
