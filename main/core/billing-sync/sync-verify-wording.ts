/**
 * The Sync & verify step's words, shared by the screen, the CLI and the report. Verification is the
 * license sync; the sponsorship sync is information, never a step the admin has to finish.
 */
export const SYNC_VERIFY_INTRO =
  'Verify now: the self-hosted server pulls its license from the Bitwarden cloud through billing sync — the same way, with the same token, ' +
  'that sponsorships travel. When it works, the setup is done. Sponsorships then sync daily by themselves.';

export const SYNC_VERIFIED_TEXT = 'Verified: the server reached the Bitwarden cloud with the saved billing sync token. Sponsorships now sync daily by themselves.';

/** The state of the sponsorship sync, as information. */
export function sponsorshipSyncInfo(lastSyncDate: string | null): string {
  if (!lastSyncDate) {
    return 'No sponsorship requested yet — nothing to sync; the first one will sync within a day, or press Manually Sync in the System Administrator Portal to send it now.';
  }
  return `Last sponsorship sync: ${lastSyncDate}. Sponsorships sync daily by themselves; press Manually Sync in the System Administrator Portal to send a change now.`;
}
