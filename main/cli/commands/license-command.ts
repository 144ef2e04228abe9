import type { Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions } from '../host-options';
import { addRouteOption } from '../route-options';

function inspectCommand(license: Command) {
  return addHostOptions(
    license
      .command('inspect')
      .description("check a license file offline (no network): format, hash, token and signature (with Bitwarden's built-in licensing certificate), and this installation")
      .argument('<file>', 'the license file (bitwarden_organization_license.json)')
      .option('--bwdata <dir>', 'check against the installation ID of this install (folder with bitwarden.sh and bwdata/, or bwdata/)')
      .option('--installation-id <guid>', 'check against this installation ID')
      .option('--cert <file>', "verify with this licensing certificate (.cer, DER or PEM) instead of Bitwarden's built-in one")
      .addOption(jsonOption())
      .addHelpText('after', '\nExit codes: 0 usable; 1 problems found; 2 the file (or certificate) could not be read at all.'),
  );
}
export type LicenseInspectCommand = ReturnType<typeof inspectCommand>;

function downloadCommand(license: Command) {
  return addRouteOption(
    addHostOptions(
      license
        .command('download')
        .description('download the license from the cloud (needs `login cloud` as an Owner) and check it')
        .requiredOption('--org <cloud-org-id>', "the organization's ID in the Bitwarden cloud")
        .requiredOption('--out <file>', 'where to save it (a folder: bitwarden_organization_license.json inside it)')
        .option('--installation-id <guid>', 'the self-hosted installation ID to issue it for')
        .option('--bwdata <dir>', 'take the installation ID from this install')
        .option('--overwrite', 'replace an existing file')
        .option('--cert <file>', "verify the download with this licensing certificate instead of Bitwarden's built-in one")
        .addOption(jsonOption()),
    ),
  );
}
export type LicenseDownloadCommand = ReturnType<typeof downloadCommand>;

function uploadCommand(license: Command) {
  return addRouteOption(
    addHostOptions(
      license
        .command('upload')
        .description('upload a license to the self-hosted organization (needs `login self` as an Owner); only a clean one unless --force')
        .argument('<file>', 'the license file')
        .requiredOption('--org <self-hosted-org-id>', "the organization's ID on the self-hosted server")
        .option('--bwdata <dir>', 'check the file against this install\'s installation ID first')
        .option('--installation-id <guid>', 'check the file against this installation ID first')
        .option('--cert <file>', "verify before uploading with this licensing certificate instead of Bitwarden's built-in one")
        .option('--force', 'upload even though the inspection found problems (explicit override)')
        .addOption(jsonOption()),
    ),
  );
}
export type LicenseUploadCommand = ReturnType<typeof uploadCommand>;

function regionCommand(license: Command) {
  return addRouteOption(
    addHostOptions(
      license
        .command('region')
        .description('ask the US and EU clouds which one knows the installation ID (contacts api.bitwarden.com and api.bitwarden.eu)')
        .option('--installation-id <guid>', 'the installation ID')
        .option('--bwdata <dir>', 'take the installation ID from this install')
        .addOption(jsonOption()),
    ),
  );
}
export type LicenseRegionCommand = ReturnType<typeof regionCommand>;

export function registerLicenseCommand(program: Command, hooks: ProgramHooks): void {
  const license = program
    .command('license')
    .description('check an organization license offline, download it from the cloud, upload it to the self-hosted vault');
  defineAction(inspectCommand(license), hooks, () => import('./license-inspect-run'));
  defineAction(downloadCommand(license), hooks, () => import('./license-download-run'));
  defineAction(uploadCommand(license), hooks, () => import('./license-upload-run'));
  defineAction(regionCommand(license), hooks, () => import('./license-region-run'));
}
