import type { BridgeTransport, DroppedFiles } from '../bridge-types';
import { createAppApi } from './app-api';
import { createInstallApi } from './install-api';
import { createBillingSyncApi } from './billing-sync-api';
import { createFirewallApi } from './firewall-api';
import { createConnectionsApi } from './connections-api';
import { createCloudApi } from './cloud-api';
import { createLicenseApi } from './license-api';
import { createServerApi } from './server-api';

/**
 * Builds `window.sponsorship`: a small object of task-shaped methods, one namespace per capability.
 * Each resolves to an `IpcResult` envelope (`ok` + value, or a typed error) and never rejects for a
 * handled failure. The renderer's type is `typeof` this object (renderer/src/global.d.ts).
 */
export function createSponsorshipApi(transport: BridgeTransport, files: DroppedFiles) {
  return {
    app: createAppApi(transport, files),
    install: createInstallApi(transport),
    billingSync: createBillingSyncApi(transport),
    firewall: createFirewallApi(transport),
    connections: createConnectionsApi(transport),
    cloud: createCloudApi(transport),
    license: createLicenseApi(transport),
    server: createServerApi(transport),
  };
}

export type SponsorshipApi = ReturnType<typeof createSponsorshipApi>;
