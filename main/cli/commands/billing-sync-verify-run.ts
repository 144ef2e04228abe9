import * as core from '../../core/billing-sync';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { OptionsOf } from '../program';
import type { BillingSyncVerifyCommand } from './billing-sync-commands';

/** `billing-sync verify`: the license sync as proof, or the step that fixes it. */
export async function run(options: OptionsOf<BillingSyncVerifyCommand>, context: CliContext): Promise<0 | 1> {
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  return withCliServices(context, async (services) => {
    const self = await (await services.connections()).client('self');
    context.log(`[billing-sync] asking the server to sync the license of organization ${selfOrgId} from the cloud…`);
    const result = await core.verifyAndRecord({ self, settings: await services.settings(), selfHostedOrgId: selfOrgId, log: context.log });
    if (result.verified) {
      context.result(
        {
          ok: true,
          verified: true,
          selfHostedOrgId: selfOrgId,
          lastLicenseSync: result.lastLicenseSync,
          previousLicenseSync: result.previousLicenseSync,
          sponsorshipSync: result.sponsorshipSync,
        },
        [
          core.SYNC_VERIFIED_TEXT,
          `  last license sync: ${result.previousLicenseSync ?? 'never'} → ${result.lastLicenseSync}`,
          `  ${result.sponsorshipSync?.info ?? 'The sponsorship sync state could not be read.'}`,
        ].join('\n'),
      );
      return 0 as const;
    }
    const lines = [
      `Not verified [${result.error.code}]. Step that fixes it: ${core.SETUP_STEP_TITLES[result.step]}${result.alsoCheck ? `, or ${core.SETUP_STEP_TITLES[result.alsoCheck]}` : ''}.`,
      ...(result.serverMessage ? [`The server said: "${result.serverMessage}"`] : []),
      result.error.message,
      ...(result.offerFreshToken ? ['Get a fresh token: sponsorship-setup billing-sync token --org CLOUD_ORG_ID, then billing-sync save and verify again.'] : []),
      ...(result.step === 'firewall' || result.alsoCheck === 'firewall' ? ['Check the way out from the server itself: sponsorship-setup check (run on the server).'] : []),
    ];
    context.result(
      {
        ok: false,
        verified: false,
        selfHostedOrgId: selfOrgId,
        serverMessage: result.serverMessage,
        step: result.step,
        alsoCheck: result.alsoCheck,
        offerFreshToken: result.offerFreshToken,
        error: result.error,
      },
      lines.join('\n'),
    );
    return 1 as const;
  });
}
