import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareLikeDotNetCulture, computeLicenseHash, licenseDataString } from '../../../main/core/license';
import { parseLicense } from '../../../main/core/license/parse-license';
import { KNOWN_GOOD_HASHES, KNOWN_GOOD_HASH_DATA, KNOWN_GOOD_SIGNATURE_DATA } from './known-good-vectors';

/** The deterministic license of Bitwarden's OrganizationLicenseTests, as the cloud would write it (camelCase). */
function deterministicLicenseJson(version: number, hash?: string): Uint8Array {
  const json = {
    licenseKey: 'myLicenseKey',
    installationId: '78900000-0000-0000-0000-000000000123',
    id: '12300000-0000-0000-0000-000000000456',
    name: 'myOrg',
    billingEmail: 'myBillingEmail',
    businessName: null,
    enabled: true,
    plan: 'myPlan',
    planType: 11,
    seats: 10,
    maxCollections: 2,
    usePolicies: true, useSso: true, useKeyConnector: true, useScim: true, useGroups: true, useEvents: true,
    useDirectory: true, useTotp: true, use2fa: true, useApi: true, useResetPassword: true,
    maxStorageGb: 100,
    selfHost: true,
    usersGetPremium: true,
    useCustomPermissions: true,
    version,
    issued: '2025-09-26T12:00:01Z',
    refresh: '2025-10-26T12:00:01Z',
    expires: '2025-03-01T00:00:00Z',
    expirationWithoutGracePeriod: null,
    usePasswordManager: true, useSecretsManager: true, smSeats: 5, smServiceAccounts: 8,
    useRiskInsights: false, usePhishingBlocker: false,
    limitCollectionCreationDeletion: true, allowAdminAccessToAllCollectionItems: true,
    trial: false, licenseType: 1,
    useOrganizationDomains: true, useAdminSponsoredFamilies: false, useAutomaticUserConfirmation: false,
    useDisableSmAdsForUsers: false, useMyItems: false,
    hash: hash ?? null,
    signature: 'AAECAw==',
    token: null,
  };
  return new TextEncoder().encode(JSON.stringify(json, null, 2));
}

function parsed(version: number, hash?: string) {
  const result = parseLicense(deterministicLicenseJson(version, hash));
  expect(result.problems).toEqual([]);
  if (!result.license) throw new Error('test license did not parse');
  return result.license;
}

describe('license data string against Bitwarden known-good vectors (OrganizationLicenseTests.cs)', () => {
  for (let version = 1; version <= 16; version += 1) {
    it(`version ${version}: hash data string matches byte for byte`, () => {
      expect(licenseDataString(parsed(version), { forHash: true })).toBe(KNOWN_GOOD_HASH_DATA[version]);
    });

    it(`version ${version}: SHA-256 of the hash data equals the Hash in the known-good signature data`, () => {
      const expected = KNOWN_GOOD_HASHES[version];
      const data = KNOWN_GOOD_HASH_DATA[version] ?? '';
      expect(createHash('sha256').update(data, 'utf8').digest('base64')).toBe(expected);
      expect(computeLicenseHash(parsed(version))).toBe(expected);
    });
  }

  for (const version of [1, 15]) {
    it(`version ${version}: signature data (forHash false) includes Hash, Issued and Refresh in culture order`, () => {
      const license = parsed(version, KNOWN_GOOD_HASHES[version]);
      expect(licenseDataString(license, { forHash: false })).toBe(KNOWN_GOOD_SIGNATURE_DATA[version]);
    });
  }

  it('sorts names like .NET culture order (case-insensitive), not ordinal', () => {
    const names = ['UseSso', 'UsersGetPremium', 'UseScim', 'Use2fa', 'UseApi', 'UseResetPassword', 'Version'];
    expect([...names].sort(compareLikeDotNetCulture)).toEqual([
      'Use2fa', 'UseApi', 'UseResetPassword', 'UsersGetPremium', 'UseScim', 'UseSso', 'Version',
    ]);
    expect([...names].sort()).not.toEqual([...names].sort(compareLikeDotNetCulture));
  });

  it('refuses to build data for unsupported versions, like the server', () => {
    expect(() => licenseDataString(parsed(17), { forHash: true })).toThrow(/Version 17 is not supported/);
    expect(() => licenseDataString(parsed(0), { forHash: true })).toThrow(/not supported/);
  });
});
