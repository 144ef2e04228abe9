import * as core from '../../core/billing-sync';
import type { SecretStore } from '../../core/secrets';
import type { SettingsStore } from '../../core/settings';
import { CoreError } from '../../core/shared';
import type { VaultClient } from '../../core/vault-api';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { OptionsOf } from '../program';
import type { BillingSyncSaveCommand } from './billing-sync-commands';
import { readSecretInput } from './secret-input';

/** `billing-sync save`: the kept (or piped) token saved on the self-hosted organization. */
export async function run(options: OptionsOf<BillingSyncSaveCommand>, context: CliContext): Promise<0> {
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  const flagCloudOrg = options.cloudOrg ? core.checkOrganizationId(options.cloudOrg, '--cloud-org') : undefined;
  // A piped token is read first: nothing is sent when it is unusable.
  const piped = options.tokenStdin ? core.checkPastedToken(await readSecretInput(context, 'Billing sync token (not shown): ')) : undefined;
  return withCliServices(context, async (services) => {
    const self = await (await services.connections()).client('self');
    let token = piped?.token;
    let cloudOrgId = flagCloudOrg;
    if (!token) {
      const store = (await services.secrets()).store;
      cloudOrgId ??= await resolveCloudOrg(self, selfOrgId, await services.settings(), store);
      if (!cloudOrgId) {
        throw new CoreError(
          'cloud-org-unknown',
          'Which cloud organization\'s token? The server has no billing sync connection naming it yet. Give --cloud-org CLOUD_ORG_ID, or pipe the token with --token-stdin.',
          'unusable-input',
        );
      }
      token = await core.requireStoredToken(store, cloudOrgId);
    }
    const saved = await core.saveBillingSyncConnection({ self, selfHostedOrgId: selfOrgId, token, log: context.log });
    token = undefined;
    await core.rememberWizardValues(await services.settings(), core.savedConnectionValues(saved));
    context.result(
      { ok: true, ...saved },
      [
        `${saved.action === 'created' ? 'Created' : 'Updated'} the billing sync connection ${saved.connectionId} (${saved.enabled ? 'enabled' : 'disabled'}) of organization ${selfOrgId}${saved.cloudOrganizationId ? `, linked to cloud organization ${saved.cloudOrganizationId}` : ''}.`,
        saved.note,
        `Next: sponsorship-setup billing-sync verify --org ${selfOrgId}`,
      ].join('\n'),
    );
    return 0 as const;
  });
}

async function resolveCloudOrg(
  self: VaultClient,
  selfOrgId: string,
  settings: SettingsStore,
  store: SecretStore,
): Promise<string | undefined> {
  // The server knows the cloud organization from the uploaded license once a connection exists.
  const existing = await self.getBillingSyncConnection(selfOrgId);
  if (existing?.cloudOrganizationId) return existing.cloudOrganizationId.toLowerCase();
  const saved = await settings.load();
  const remembered = saved.wizard.values[core.WIZARD_KEYS.cloudOrgId] ?? saved.servers.cloud?.organizationId;
  if (typeof remembered === 'string' && remembered) return remembered.toLowerCase();
  const kept = await core.storedTokenOrganizations(store);
  return kept.length === 1 ? kept[0] : undefined;
}
