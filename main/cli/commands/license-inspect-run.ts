import { formatInspectionText, inspectLicense } from '../../core/license';
import type { CommandAction } from '../program';
import type { LicenseInspectCommand } from './license-command';
import { licensingCertificate, readInputFile, resolveInstallationId } from './license-inputs';

export const run: CommandAction<LicenseInspectCommand> = async (options, context, [file]) => {
  const bytes = await readInputFile(file, 'license file');
  const installationId = await resolveInstallationId(options, false, context);
  const certificate = await licensingCertificate(options.cert, context);
  const inspection = inspectLicense(bytes, { installationId, certificate });
  const note = installationId ? '' : '\nNot compared with an installation ID: give --bwdata or --installation-id to check that too.\n';
  context.result(inspection, `${formatInspectionText(inspection)}${note}`);
  return inspection.usable ? 0 : 1;
};
