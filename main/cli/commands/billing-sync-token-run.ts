import * as core from '../../core/billing-sync';
import { CoreError } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { OptionsOf } from '../program';
import type { BillingSyncTokenCommand } from './billing-sync-commands';
import { passwordError, readPasswordEnv, readPasswordFile, readSecretInput } from './secret-input';

/** `billing-sync token`: fetched from the cloud (master password or e-mailed code) or pasted, then kept in the keychain. */
export async function run(options: OptionsOf<BillingSyncTokenCommand>, context: CliContext): Promise<0> {
  const cloudOrgId = core.checkOrganizationId(options.org, '--org');
  const passwordEnv = options.passwordEnv ?? options.passwordenv;
  const passwordFile = options.passwordFile ?? options.passwordfile;
  const sources = [passwordEnv !== undefined, passwordFile !== undefined, Boolean(options.otp), Boolean(options.paste)].filter(Boolean).length;
  if (sources > 1) throw new CoreError('conflicting-options', 'Use only one of --password-env, --password-file, --otp and --paste.', 'unusable-input');
  if (options.paste && options.rotate) throw new CoreError('conflicting-options', '--rotate asks the cloud for a new token; it cannot be combined with --paste.', 'unusable-input');

  return withCliServices(context, async (services) => {
    const opened = await services.secrets();
    let kept;
    if (options.paste) {
      const text = await readSecretInput(context, 'Billing sync token (not shown): ');
      kept = await core.pasteToken(opened.store, cloudOrgId, text, context.log);
    } else {
      // Read the password before any request, so a missing variable or file changes nothing.
      let password: string | undefined = passwordEnv !== undefined ? readPasswordEnv(context, passwordEnv) : passwordFile !== undefined ? await readPasswordFile(passwordFile) : undefined;
      const cloud = await (await services.connections()).client('cloud');
      if (options.rotate) context.log(`[billing-sync] warning: ${core.ROTATE_WARNING}`);
      let verification: core.TokenVerification;
      if (options.otp) {
        await core.requestTokenOtp(cloud);
        context.log('[billing-sync] a one-time code was sent to the e-mail address of the signed-in cloud account');
        verification = { kind: 'otp', code: await readSecretInput(context, 'One-time code from the e-mail: ') };
      } else {
        password ??= await readSecretInput(context, 'Master password of the signed-in cloud account (not shown): ');
        if (!password) {
          throw passwordError(
            'No master password was given. Type it at the prompt, or for scripts use --password-env VAR or --password-file FILE (--otp without a master password). Nothing was sent.',
          );
        }
        verification = { kind: 'master-password', masterPassword: password };
      }
      kept = await core.fetchToken({ cloud, secrets: opened.store, cloudOrgId, verification, rotate: Boolean(options.rotate), log: context.log });
      password = undefined;
    }
    await core.rememberWizardValues(await services.settings(), { [core.WIZARD_KEYS.cloudOrgId]: cloudOrgId });
    const value = options.show ? await core.readStoredToken(opened.store, cloudOrgId) : null;
    const lines = [
      `${kept.source === 'pasted' ? 'Kept the pasted' : kept.source === 'cloud-rotated' ? 'Rotated; kept the new' : 'Kept the'} billing sync token of cloud organization ${cloudOrgId}: ${value ?? kept.masked}`,
      ...kept.warnings.map((warning) => `warning: ${warning}`),
    ];
    if (opened.persistent) lines.push('It is in the OS keychain. Save it on the server: sponsorship-setup billing-sync save --org SELF_HOSTED_ORG_ID');
    else {
      const note = `No OS keychain (${opened.reason}): the token is not kept after this command. Print it with --show and pipe it into: sponsorship-setup billing-sync save --org SELF_HOSTED_ORG_ID --token-stdin`;
      context.log(`[billing-sync] ${note}`);
      lines.push(note);
    }
    context.result(
      {
        ok: true,
        cloudOrgId,
        source: kept.source,
        storage: kept.storage,
        masked: kept.masked,
        revisionDate: kept.revisionDate,
        warnings: kept.warnings,
        token: value ?? undefined,
      },
      lines.join('\n'),
    );
    return 0 as const;
  });
}
