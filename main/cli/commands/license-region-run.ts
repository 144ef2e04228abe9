import { checkInstallationRegion } from '../../core/license-transfer';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import type { LicenseRegionCommand } from './license-command';
import { resolveInstallationId } from './license-inputs';

export const run: CommandAction<LicenseRegionCommand> = async (options, context) => {
  const installationId = (await resolveInstallationId(options, true, context))!;
  context.log('[license] asking api.bitwarden.com and api.bitwarden.eu');
  const { mismatch, ...result } = await withCliServices(context, async (services) =>
    checkInstallationRegion(installationId, await services.settings(), { log: context.log, clientName: 'cli' }),
  );
  context.result({ ...result, mismatch: mismatch ?? undefined }, `${result.message}${mismatch ? `\n${mismatch}` : ''}`);
  return result.knownIn && result.enabled ? 0 : 1;
};
