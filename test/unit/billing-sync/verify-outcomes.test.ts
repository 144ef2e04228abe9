import { describe, expect, it } from 'vitest';
import { verifyThroughLicenseSync, type LicenseSyncServer } from '../../../main/core/billing-sync';
import { ApiError } from '../../../main/core/vault-api';

const ORG = '3f0c4f1e-1111-4222-8333-444455556666';

/** A self-hosted server whose LastLicenseSync and sync answer the test sets. */
function server(input: { before: string | null; after: string | null; sync?: () => Promise<void> }): LicenseSyncServer {
  let calls = 0;
  return {
    async getBillingSyncConnection() {
      calls += 1;
      const value = calls === 1 ? input.before : input.after;
      return { id: 'c', organizationId: ORG, enabled: true, config: {}, lastLicenseSync: value ?? undefined };
    },
    syncLicense: input.sync ?? (async () => undefined),
  };
}

describe('verifyThroughLicenseSync outcomes', () => {
  it('compares the values as written: an earlier-looking time that differs is a new sync', async () => {
    const result = await verifyThroughLicenseSync(server({ before: '2026-12-01T10:00:00.5+00:00', after: '2026-12-01T05:00:01-05:00' }), ORG);
    expect(result).toMatchObject({ verified: true, lastLicenseSync: '2026-12-01T05:00:01-05:00' });
  });

  it('an answer without a new LastLicenseSync is not a verification', async () => {
    const same = await verifyThroughLicenseSync(server({ before: '2026-12-01T10:00:00', after: '2026-12-01T10:00:00' }), ORG);
    expect(same).toMatchObject({ verified: false, step: 'license', error: { code: 'license-sync-not-recorded' } });
    const none = await verifyThroughLicenseSync(server({ before: null, after: null }), ORG);
    expect(none.verified).toBe(false);
  });

  it('a sync that times out points at the Firewall check (the server\'s own calls hang at a dropping firewall)', async () => {
    const sync = async () => {
      throw new ApiError('vault-timeout', 'no answer', { status: 0, operation: 'POST /organizations/licenses/self-hosted/{id}/sync' });
    };
    const result = await verifyThroughLicenseSync(server({ before: null, after: null, sync }), ORG);
    expect(result).toMatchObject({ verified: false, step: 'firewall', serverMessage: null, error: { code: 'license-sync-timeout' } });
  });

  it('a license the server refuses after the pull keeps its words and points at License', async () => {
    const sync = async () => {
      throw new ApiError('vault-rejected', 'refused', { status: 400, operation: 'POST /organizations/licenses/self-hosted/{id}/sync', serverMessage: 'License is already in use by another organization vault.' });
    };
    const result = await verifyThroughLicenseSync(server({ before: null, after: null, sync }), ORG);
    expect(result).toMatchObject({ verified: false, step: 'license', serverMessage: 'License is already in use by another organization vault.' });
    if (!result.verified) expect(result.error.message).toContain('"License is already in use by another organization vault."');
  });

  it('refuses an organization id that is not a GUID before any request (unusable input)', async () => {
    await expect(verifyThroughLicenseSync(server({ before: null, after: null }), 'acme')).rejects.toMatchObject({ code: 'invalid-organization-id', outcome: 'unusable-input' });
  });
});
