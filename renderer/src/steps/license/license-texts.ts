/** How each of the hash, token and signature checks reads, and its chip's tone. */
export const CHECK_LABEL: Record<string, string> = {
  match: 'matches',
  mismatch: 'does not match',
  valid: 'valid',
  invalid: 'invalid',
  'not-checked': 'not checked',
  absent: 'absent',
};
export const CHECK_TONE: Record<string, string> = { match: 'pass', valid: 'pass', mismatch: 'fail', invalid: 'fail', 'not-checked': 'skipped', absent: 'skipped' };

/** The license features that matter here, in Bitwarden's own words (web vault and help pages). */
export const FEATURE_LABELS: Record<string, string> = {
  useAdminSponsoredFamilies: 'Admin-initiated Families sponsorships',
  usersGetPremium: 'Members get Premium',
  usePolicies: 'Policies',
  useSso: 'Single sign-on',
  useScim: 'SCIM',
  useGroups: 'Groups',
  useApi: 'Public API',
  useResetPassword: 'Account recovery',
  useOrganizationDomains: 'Domain verification',
};

/** Plain headlines for the problems an admin meets most, with the action that fixes them. */
export const PLAIN_LICENSE_PROBLEMS: Record<string, string> = {
  'installation-mismatch': 'This license is for another installation — download the one for this installation.',
  expired: 'This license has expired — download a current one.',
};
