import { describe, expect, it } from 'vitest';
import { readSyncError, readSyncServerWords, sponsorshipSyncInfo } from '../../../main/core/billing-sync';
import { ApiError } from '../../../main/core/vault-api';

const CLOUD_CALL_FAILED = 'An error has occurred. Check your internet connection and ensure the billing token is correct.';

describe("the server's billing sync words, mapped to the step that fixes them", () => {
  it('"An error has occurred…" → the token (Billing sync, fresh token offered) or the route to the cloud (Firewall check)', () => {
    expect(readSyncServerWords(CLOUD_CALL_FAILED, 400)).toMatchObject({ code: 'cloud-license-sync-failed', step: 'billing-sync', alsoCheck: 'firewall', offerFreshToken: true });
    // Not only messages that say "billing sync key" reach Billing sync.
    expect(readSyncServerWords(CLOUD_CALL_FAILED)?.explanation).toMatch(/rotated.*Firewall check from the server itself/s);
  });

  it('404 "Unable to get Cloud Billing Sync connection" → Billing sync, not "not an Owner"', () => {
    const reading = readSyncServerWords('Unable to get Cloud Billing Sync connection', 404);
    expect(reading).toMatchObject({ code: 'billing-sync-not-saved', step: 'billing-sync' });
    expect(reading?.explanation).not.toMatch(/Owner/);
    // A bare 404 is the owner-or-id case.
    expect(readSyncServerWords('Resource not found.', 404)).toMatchObject({ code: 'organization-not-found', step: 'connect' });
  });

  it.each([
    ['Cloud communication is disabled in global settings', 'cloud-communication'],
    ['Connection disabled for organization 3f0c4f1e-0000-4000-8000-000000000001', 'billing-sync'],
    ['Failed to get Billing Sync Key', 'billing-sync'],
    ['You do not have permission to retrieve a connection of type CloudBillingSync.', 'connect'],
    ['This action is only available for self-hosted.', 'connect'],
  ])('%j → %s', (words, step) => {
    expect(readSyncServerWords(words, 400)?.step).toBe(step);
  });

  it('leaves other texts alone, and keeps the server words verbatim on an API error', () => {
    expect(readSyncServerWords('Invalid license: The license has expired.', 400)).toBeNull();
    const error = new ApiError('vault-rejected', 'refused', { status: 400, operation: 'POST /organizations/licenses/self-hosted/{id}/sync', serverMessage: CLOUD_CALL_FAILED });
    expect(readSyncError(error)).toMatchObject({ serverMessage: CLOUD_CALL_FAILED, step: 'billing-sync' });
    expect(readSyncError(new Error('x'))).toBeNull();
  });

  it('says the sponsorship sync state as information, not as a step to finish', () => {
    expect(sponsorshipSyncInfo(null)).toBe(
      'No sponsorship requested yet — nothing to sync; the first one will sync within a day, or press Manually Sync in the System Administrator Portal to send it now.',
    );
    expect(sponsorshipSyncInfo('2026-12-01T10:00:00')).toMatch(/^Last sponsorship sync: 2026-12-01T10:00:00\. Sponsorships sync daily by themselves/);
  });
});
