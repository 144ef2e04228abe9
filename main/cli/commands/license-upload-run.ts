import { LICENSES_FOLDER_EXPLANATION, uploadLicense } from '../../core/license-transfer';
import { withCliServices } from '../cli-services';
import { withCliFix } from '../fix-wording';
import type { CommandAction } from '../program';
import type { LicenseUploadCommand } from './license-command';
import { licensingCertificate, readInputFile, resolveInstallationId } from './license-inputs';

export const run: CommandAction<LicenseUploadCommand> = async (options, context, [file]) => {
  const bytes = await readInputFile(file, 'license file');
  const installationId = await resolveInstallationId(options, false, context);
  const certificate = await licensingCertificate(options.cert, context);
  const result = await withCliServices(context, async (services) =>
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
};
