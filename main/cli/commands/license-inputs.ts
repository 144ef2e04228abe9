import { readInstallStatus } from '../../core/install';
import { loadLicensingCertificate } from '../../core/license';
import { LICENSE_FILE_READ_MAX_BYTES } from '../../core/license/license-limits';
import { CoreError, GUID_PATTERN, readUserFile } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { createCliServices } from '../cli-services';
import { withCommandHost, type HostOptions } from '../host-options';

function unusable(code: string, message: string): never {
  throw new CoreError(code, message, 'unusable-input');
}

/** Reads a file the admin named; a missing, non-regular or huge file is unusable input (exit 2). */
export async function readInputFile(file: string, what: string): Promise<Uint8Array> {
  return readUserFile(file, what, LICENSE_FILE_READ_MAX_BYTES);
}

/** `--installation-id`, or the one in `--bwdata`'s env file; `required` makes neither a usage error. */
export async function resolveInstallationId(options: HostOptions & { installationId?: string }, required: boolean, context: CliContext): Promise<string | undefined> {
  const fromInstall = Boolean(options.bwdata || options.host || options.server);
  if (options.installationId && fromInstall) return unusable('usage', 'Give either --installation-id or --bwdata, not both.');
  if (options.installationId) {
    const id = options.installationId.trim();
    if (!GUID_PATTERN.test(id)) return unusable('invalid-installation-id', `"${id}" is not an installation ID (a GUID).`);
    return id.toLowerCase();
  }
  if (fromInstall) {
    const status = await withCommandHost(options, context, ({ host, bwdata }) => readInstallStatus(host, bwdata));
    if (!status.installationId) return unusable('no-installation-id', `${status.envFilePath} has no globalSettings__installation__id.`);
    return status.installationId;
  }
  if (required) return unusable('usage', 'Give --installation-id GUID or --bwdata DIR.');
  return undefined;
}

/**
 * `--cert FILE` replaces Bitwarden's built-in licensing certificate (an unusable file is exit 2); without it,
 * the services' certificate, which is Bitwarden's unless an in-process test replaced it.
 */
export async function licensingCertificate(file: string | undefined, context: CliContext): Promise<Uint8Array | undefined> {
  if (!file) return createCliServices(context, context.services).licensingCertificate();
  const bytes = await readInputFile(file, 'certificate');
  const loaded = loadLicensingCertificate(bytes);
  if (!loaded.ok) return unusable('certificate-unusable', `The certificate ${file} cannot be used: ${loaded.reason}.`);
  return bytes;
}
