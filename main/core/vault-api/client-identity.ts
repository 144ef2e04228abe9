/**
 * How this tool introduces itself to Bitwarden, on every request, as Bitwarden's own clients do.
 *
 * `Bitwarden-Client-Version` is required by current servers (`version_header_missing` otherwise).
 * ClientVersionValidator (bitwarden/server) refuses accounts with V2 encryption when the version is
 * below `MinimumClientVersion` = 2025.11.0 (src/Core/KeyManagement/Constants.cs), so we send exactly
 * that floor: high enough for every account, and honest that we only speak the API, not the vault crypto.
 * Our own version goes only in the User-Agent.
 */
import { version as PRODUCT_VERSION } from '../../../package.json';

export const BITWARDEN_CLIENT_VERSION = '2025.11.0';

/**
 * Device types (src/Core/Enums/DeviceType.cs): 6 WindowsDesktop, 7 MacOsDesktop, 8 LinuxDesktop,
 * 23 WindowsCLI, 24 MacOsCLI, 25 LinuxCLI. Decision: the Electron app signs in as the desktop type of
 * its OS and the CLI as the CLI type, so the owner's "Devices" list in the web vault names each
 * surface correctly and new-device e-mails say what actually signed in.
 */
export type ClientSurface = 'desktop' | 'cli';

/**
 * `Bitwarden-Client-Name`: one of the names in src/Core/Enums/BitwardenClient.cs. The app is `desktop`, the
 * CLI `cli`. The cloud's edge refuses token requests without a known name (403 `error code: 1020`).
 */
export type BitwardenClientName = ClientSurface;

/** `Sponsorship-Setup/0.1.0 (linux)`: this product and its version, as Bitwarden's CLI sends `Bitwarden_CLI/<v> (<platform>)`. */
export function productUserAgent(platform: NodeJS.Platform = process.platform): string {
  return `Sponsorship-Setup/${PRODUCT_VERSION} (${platform})`;
}

/** The identification headers sent on every request to the cloud and the self-hosted server. */
export function clientIdentityHeaders(clientName: BitwardenClientName): Record<string, string> {
  return {
    'Bitwarden-Client-Name': clientName,
    'Bitwarden-Client-Version': BITWARDEN_CLIENT_VERSION,
    'User-Agent': productUserAgent(),
  };
}

export function deviceTypeFor(surface: ClientSurface, platform: NodeJS.Platform = process.platform): number {
  if (surface === 'desktop') {
    if (platform === 'win32') return 6;
    if (platform === 'darwin') return 7;
    return 8;
  }
  if (platform === 'win32') return 23;
  if (platform === 'darwin') return 24;
  return 25;
}

export interface DeviceInfo {
  type: number;
  /** Stable per installation of this tool (kept in settings as `deviceId`). */
  identifier: string;
  name: string;
}

export function defaultDeviceName(surface: ClientSurface): string {
  return surface === 'desktop' ? 'Sponsorship Setup' : 'Sponsorship Setup CLI';
}
