import { formatInspectionText } from '../../core/license';
import { downloadLicense } from '../../core/license-transfer';
import { withCliServices } from '../cli-services';
import { withCliFix } from '../fix-wording';
import type { CommandAction } from '../program';
import type { LicenseDownloadCommand } from './license-command';
import { licensingCertificate, resolveInstallationId } from './license-inputs';

export const run: CommandAction<LicenseDownloadCommand> = async (options, context) => {
  const installationId = (await resolveInstallationId(options, true, context))!;
  const certificate = await licensingCertificate(options.cert, context);
  const result = await withCliServices(context, async (services) =>
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
  return result.inspection.usable ? 0 : 1;
};
