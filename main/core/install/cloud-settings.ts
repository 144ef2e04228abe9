/** Env keys this app reads or writes (`src/Core/Settings/GlobalSettings.cs`, `util/Setup/EnvironmentFileBuilder.cs`). */
export const ENV_KEYS = {
  enableCloudCommunication: 'globalSettings__enableCloudCommunication',
  installationId: 'globalSettings__installation__id',
  installationKey: 'globalSettings__installation__key',
  identityUri: 'globalSettings__installation__identityUri',
  apiUri: 'globalSettings__installation__apiUri',
  pushRelayUri: 'globalSettings__pushRelayBaseUri',
  cloudRegion: 'globalSettings__baseServiceUri__cloudRegion',
  vaultUrl: 'globalSettings__baseServiceUri__vault',
  admins: 'adminSettings__admins',
} as const;

export type CloudRegion = 'US' | 'EU';

/** The cloud endpoints per region. The server does not derive them from cloudRegion: EU must set them. */
export const REGION_URIS: Record<CloudRegion, { identity: string; api: string; push: string }> = {
  US: { identity: 'https://identity.bitwarden.com', api: 'https://api.bitwarden.com', push: 'https://push.bitwarden.com' },
  EU: { identity: 'https://identity.bitwarden.eu', api: 'https://api.bitwarden.eu', push: 'https://push.bitwarden.eu' },
};

/** Which cloud region a URI points at, or `null` for anything else (e.g. `REPLACE`, a test server). */
export function regionOfUri(uri: string): CloudRegion | null {
  let host: string;
  try {
    host = new URL(uri).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host === 'bitwarden.com' || host.endsWith('.bitwarden.com')) return 'US';
  if (host === 'bitwarden.eu' || host.endsWith('.bitwarden.eu')) return 'EU';
  return null;
}

export function parseRegion(value: string | undefined): CloudRegion | null {
  const upper = value?.trim().toUpperCase();
  return upper === 'US' || upper === 'EU' ? upper : null;
}
