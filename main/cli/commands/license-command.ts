import type { Command } from 'commander';
import { CoreError, GUID_PATTERN, readUserFile } from '../../core/shared';
import type { CliContext, ExitCode } from '../cli-context';
import { addRouteOption } from '../route-options';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions, withCommandHost, type HostOptions } from '../host-options';
import { LICENSE_FILE_READ_MAX_BYTES } from '../../core/license/license-limits';
import { withCliFix } from '../fix-wording';


interface InstallationOptions extends HostOptions {
  installationId?: string;
}
interface InspectOptions extends InstallationOptions {
  cert?: string;
  json?: boolean;
}
interface DownloadOptions extends InstallationOptions {
  org: string;
  out: string;
  overwrite?: boolean;
  cert?: string;
  json?: boolean;
}
interface UploadOptions extends InstallationOptions {
  org: string;
  force?: boolean;
  cert?: string;
  json?: boolean;
}
type RegionOptions = InstallationOptions & { json?: boolean };

function unusable(code: string, message: string): never {
  throw new CoreError(code, message, 'unusable-input');
}

/** Reads a file the admin named; a missing, non-regular or huge file is unusable input (exit 2). */
async function readInputFile(file: string, what: string): Promise<Uint8Array> {
  return readUserFile(file, what, LICENSE_FILE_READ_MAX_BYTES);
}

/** `--installation-id`, or the one in `--bwdata`'s env file; `required` makes neither a usage error. */
async function resolveInstallationId(options: InstallationOptions, required: boolean, context: CliContext): Promise<string | undefined> {
  const fromInstall = Boolean(options.bwdata || options.host || options.server);
  if (options.installationId && fromInstall) return unusable('usage', 'Give either --installation-id or --bwdata, not both.');
  if (options.installationId) {
    const id = options.installationId.trim();
    if (!GUID_PATTERN.test(id)) return unusable('invalid-installation-id', `"${id}" is not an installation ID (a GUID).`);
    return id.toLowerCase();
  }
  if (fromInstall) {
    const { readInstallStatus } = await import('../../core/install');
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
async function licensingCertificate(file: string | undefined, hooks: ProgramHooks, context: CliContext): Promise<Uint8Array | undefined> {
  if (!file) {
    const { createCliServices } = await import('../cli-services');
    return createCliServices(context, hooks.services).licensingCertificate();
  }
  const bytes = await readInputFile(file, 'certificate');
  const { loadLicensingCertificate } = await import('../../core/license');
  const loaded = loadLicensingCertificate(bytes);
  if (!loaded.ok) return unusable('certificate-unusable', `The certificate ${file} cannot be used: ${loaded.reason}.`);
  return bytes;
}

function inspectionExit(usable: boolean): ExitCode {
  return usable ? 0 : 1;
}

async function withServices<T>(context: CliContext, hooks: ProgramHooks, run: (services: import('../cli-services').CliServices) => Promise<T>): Promise<T> {
  const { withCliServices } = await import('../cli-services');
  return withCliServices(context, run, hooks.services);
}

export function registerLicenseCommand(program: Command, hooks: ProgramHooks): void {
  const license = program
    .command('license')
    .description('check an organization license offline, download it from the cloud, upload it to the self-hosted vault');

  const inspect = license
    .command('inspect')
    .description("check a license file offline (no network): format, hash, token and signature (with Bitwarden's built-in licensing certificate), and this installation")
    .argument('<file>', 'the license file (bitwarden_organization_license.json)')
    .option('--bwdata <dir>', 'check against the installation ID of this install (folder with bitwarden.sh and bwdata/, or bwdata/)')
    .option('--installation-id <guid>', 'check against this installation ID')
    .option('--cert <file>', "verify with this licensing certificate (.cer, DER or PEM) instead of Bitwarden's built-in one")
    .addOption(jsonOption())
    .addHelpText('after', '\nExit codes: 0 usable; 1 problems found; 2 the file (or certificate) could not be read at all.');
  addHostOptions(inspect);
  defineAction<InspectOptions>(inspect, hooks, async (options, context, args) => {
    const file = args[0]!;
    const bytes = await readInputFile(file, 'license file');
    const installationId = await resolveInstallationId(options, false, context);
    const certificate = await licensingCertificate(options.cert, hooks, context);
    const { inspectLicense, formatInspectionText } = await import('../../core/license');
    const inspection = inspectLicense(bytes, { installationId, certificate });
    const note = installationId ? '' : '\nNot compared with an installation ID: give --bwdata or --installation-id to check that too.\n';
    context.result(inspection, `${formatInspectionText(inspection)}${note}`);
    return inspectionExit(inspection.usable);
  });

  const download = license
    .command('download')
    .description('download the license from the cloud (needs `login cloud` as an Owner) and check it')
    .requiredOption('--org <cloud-org-id>', "the organization's ID in the Bitwarden cloud")
    .requiredOption('--out <file>', 'where to save it (a folder: bitwarden_organization_license.json inside it)')
    .option('--installation-id <guid>', 'the self-hosted installation ID to issue it for')
    .option('--bwdata <dir>', 'take the installation ID from this install')
    .option('--overwrite', 'replace an existing file')
    .option('--cert <file>', "verify the download with this licensing certificate instead of Bitwarden's built-in one")
    .addOption(jsonOption());
  addHostOptions(download);
  addRouteOption(download, { withHostOptions: false });
  defineAction<DownloadOptions>(download, hooks, async (options, context) => {
    const installationId = (await resolveInstallationId(options, true, context))!;
    const certificate = await licensingCertificate(options.cert, hooks, context);
    const [{ downloadLicense }, { formatInspectionText }] = await Promise.all([import('../../core/license-transfer'), import('../../core/license')]);
    const result = await withServices(context, hooks, async (services) =>
      downloadLicense(await services.connections(), {
        cloudOrgId: options.org,
        installationId,
        outPath: options.out,
        overwrite: Boolean(options.overwrite),
        certificate,
      }),
    ).catch((error: unknown) => {
      throw withCliFix(error, { installationId });
    });
    context.log(`[license] saved ${result.bytes} bytes to ${result.path}`);
    context.result(
      { path: result.path, bytes: result.bytes, ...result.inspection },
      `Saved ${result.path} (${result.bytes} bytes), exactly as the cloud sent it.\n${formatInspectionText(result.inspection)}`,
    );
    return inspectionExit(result.inspection.usable);
  });

  const upload = license
    .command('upload')
    .description('upload a license to the self-hosted organization (needs `login self` as an Owner); only a clean one unless --force')
    .argument('<file>', 'the license file')
    .requiredOption('--org <self-hosted-org-id>', "the organization's ID on the self-hosted server")
    .option('--bwdata <dir>', 'check the file against this install\'s installation ID first')
    .option('--installation-id <guid>', 'check the file against this installation ID first')
    .option('--cert <file>', "verify before uploading with this licensing certificate instead of Bitwarden's built-in one")
    .option('--force', 'upload even though the inspection found problems (explicit override)')
    .addOption(jsonOption());
  addHostOptions(upload);
  addRouteOption(upload, { withHostOptions: false });
  defineAction<UploadOptions>(upload, hooks, async (options, context, args) => {
    const bytes = await readInputFile(args[0]!, 'license file');
    const installationId = await resolveInstallationId(options, false, context);
    const certificate = await licensingCertificate(options.cert, hooks, context);
    const { uploadLicense, LICENSES_FOLDER_EXPLANATION } = await import('../../core/license-transfer');
    const result = await withServices(context, hooks, async (services) =>
      uploadLicense(await services.connections(), {
        selfOrgId: options.org,
        bytes,
        force: Boolean(options.force),
        installationId,
        certificate,
      }),
    ).catch((error: unknown) => {
      throw withCliFix(error, { installationId });
    });
    if (result.forced) context.log('[license] uploaded despite inspection problems (--force)');
    context.result(
      { uploaded: true, forced: result.forced, confirmation: result.confirmation, usable: result.inspection.usable, problems: result.inspection.problems, warnings: result.inspection.warnings },
      `Uploaded.${result.forced ? ' (forced despite problems)' : ''} ${result.confirmation.message}\n${result.confirmation.confirmed ? '' : `\n${LICENSES_FOLDER_EXPLANATION}\n`}`,
    );
    return result.confirmation.confirmed ? 0 : 1;
  });

  const region = license
    .command('region')
    .description('ask the US and EU clouds which one knows the installation ID (contacts api.bitwarden.com and api.bitwarden.eu)')
    .option('--installation-id <guid>', 'the installation ID')
    .option('--bwdata <dir>', 'take the installation ID from this install')
    .addOption(jsonOption());
  addHostOptions(region);
  addRouteOption(region, { withHostOptions: false });
  defineAction<RegionOptions>(region, hooks, async (options, context) => {
    const installationId = (await resolveInstallationId(options, true, context))!;
    const { checkInstallationRegion } = await import('../../core/license-transfer');
    context.log('[license] asking api.bitwarden.com and api.bitwarden.eu');
    const { mismatch, ...result } = await withServices(context, hooks, async (services) =>
      checkInstallationRegion(installationId, await services.settings(), { log: context.log, clientName: 'cli' }),
    );
    context.result({ ...result, mismatch: mismatch ?? undefined }, `${result.message}${mismatch ? `\n${mismatch}` : ''}`);
    return result.knownIn && result.enabled ? 0 : 1;
  });
}
