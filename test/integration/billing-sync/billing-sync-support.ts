import { Agent, fetch } from 'undici';
import { createConnectionManager, type ConnectionManager } from '../../../main/core/connections';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import type { BitwardenStandIn, StandInUser } from '../../support/bitwarden-stand-in';

export interface SignedIn {
  manager: ConnectionManager;
  settings: MemorySettingsStore;
  secrets: MemorySecretStore;
  logs: string[];
}

/** A connection manager signed in to the stand-in's cloud (and optionally self-hosted) as the given owners. */
export async function signIn(standIn: BitwardenStandIn, cloudUser: StandInUser | undefined, selfUser?: StandInUser): Promise<SignedIn> {
  const settings = new MemorySettingsStore();
  const secrets = new MemorySecretStore();
  const logs: string[] = [];
  const manager = createConnectionManager({ settings, secrets, surface: 'cli', env: {}, log: (line) => logs.push(line) });
  if (cloudUser) {
    await manager.login('cloud', { endpoints: standIn.endpoints('cloud'), clientId: cloudUser.clientId, clientSecret: cloudUser.clientSecret, caFile: standIn.caFile, region: 'custom' });
  }
  if (selfUser) {
    await manager.login('self', { endpoints: standIn.endpoints('self'), clientId: selfUser.clientId, clientSecret: selfUser.clientSecret, caFile: standIn.caFile, vaultUrl: standIn.selfVaultUrl });
  }
  return { manager, settings, secrets, logs };
}

/** Presses "Manually Sync" in the stand-in's System Administrator Portal (`src/Admin/AdminConsole/Controllers/OrganizationsController.cs`). */
export async function pressManuallySync(standIn: BitwardenStandIn, selfOrgId: string): Promise<string | null> {
  const dispatcher = new Agent({ connect: { ca: standIn.caPem } });
  try {
    const response = await fetch(`${standIn.selfVaultUrl}/admin/Organizations/TriggerBillingSync/${selfOrgId}`, {
      headers: { Cookie: `bitwarden-admin=${standIn.adminCookie}` },
      redirect: 'manual',
      dispatcher,
    });
    await response.text();
    return response.headers.get('x-stand-in-message');
  } finally {
    await dispatcher.close();
  }
}
