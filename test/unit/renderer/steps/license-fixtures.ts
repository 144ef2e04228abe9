import { inspectLicense } from '../../../../main/core/license';
import type { InstallInspection } from '../../../../main/ipc';
import type { OrganizationMembership } from '../../../../main/core/vault-api';
import type { ConnectionView } from '../../../../main/ipc/contracts/connections-contract';
import type { InspectedLicense, LicenseManualStepsView, UploadOutcome } from '../../../../main/ipc/contracts/license-contract';
import type { RequestOf } from '../../../../main/ipc/contracts';
import type { LICENSE_INVOKE } from '../../../../main/ipc/channels/license-channels';
import { issueTestLicense, type TestLicensingKey } from '../../../support/license-factory';

export const INSTALLATION_ID = '7d6f3c8e-1111-4a2b-9c3d-123456789abc';
export const INSTALL_HANDLE = { installId: 'id-opt', folder: '/opt/bitwarden' };
export const LICENSE_NAME = 'bitwarden_organization_license.json';

/** What main answers for a read install (only the fields these screens use matter). */
export function installInspection(change: Partial<InstallInspection> = {}): InstallInspection {
  return {
    installationId: INSTALLATION_ID,
    installationKeyPresent: true,
    cloudRegion: 'US',
    vaultUrl: 'https://vault.example.test',
    cloudCommunication: true,
    cloudCommunicationRaw: 'true',
    problems: [],
    ...change,
  } as InstallInspection;
}

export const ORG_A: OrganizationMembership = { id: '11111111-2222-4333-8444-555555555555', name: 'Acme', type: 0, role: 'Owner', isOwner: true };
export const ORG_B: OrganizationMembership = { id: '66666666-7777-4888-9999-000000000000', name: 'Beta', type: 0, role: 'Owner', isOwner: true };

export function signedIn(role: 'cloud' | 'self', change: Partial<ConnectionView> = {}): ConnectionView {
  const organizations = change.ownerOrganizations ?? [ORG_A];
  return {
    role,
    state: 'signed-in',
    ...(role === 'cloud' ? { region: 'US' } : { vaultUrl: 'https://vault.example.test' }),
    endpoints: { apiUrl: 'https://api.example.test', identityUrl: 'https://identity.example.test' },
    email: `owner@${role}.test`,
    organizations,
    ownerOrganizations: organizations,
    organizationId: organizations.length === 1 ? organizations[0]!.id : null,
    ...change,
  } as ConnectionView;
}

/**
 * Main's inspection, done by core's real inspector on a license the factory issued (as the cloud
 * does): `forInstallation` decides whether it matches this install.
 */
export function inspectionAnswer(key: TestLicensingKey, fileId: string, forInstallation: string, checkedAgainst: string | undefined): InspectedLicense {
  const license = issueTestLicense({ key, installationId: forInstallation, fields: { Name: 'Acme Corp' } });
  // Copied into this realm's Uint8Array: under jsdom, Node's buffers fail core's `instanceof Uint8Array`.
  const bytes = new Uint8Array(Buffer.from(license.json));
  return {
    fileName: LICENSE_NAME,
    fileId,
    savedAt: null,
    size: bytes.length,
    inspection: inspectLicense(bytes, { installationId: checkedAgainst, certificate: new Uint8Array(key.certificateDer) }),
    checkedInstallationId: checkedAgainst?.toLowerCase() ?? null,
  };
}

export function uploadOutcome(selfOrgId: string, forced: boolean, inspection: InspectedLicense['inspection']): UploadOutcome {
  return {
    uploaded: true,
    forced,
    selfOrgId,
    inspection,
    confirmation: { confirmed: true, organizationName: 'Acme Corp', expiration: '2027-12-01T00:00:00Z', message: 'The server reports the uploaded license (expires 2027-12-01).' },
  };
}

/** Manual steps that name what they were asked for, so a test can tell answers apart. */
export function manualSteps(request: RequestOf<typeof LICENSE_INVOKE.licenseManualSteps>): LicenseManualStepsView {
  return {
    cloud: { url: 'https://vault.bitwarden.com', linkId: 'link-cloud', steps: [`Open the cloud organization ${request.cloudOrgId ?? '(any)'}.`], notes: [] },
    selfHosted: { url: 'https://vault.example.test', linkId: 'link-self', steps: [`Upload it to ${request.selfOrgId ?? 'your organization'}.`], notes: [] },
  };
}
