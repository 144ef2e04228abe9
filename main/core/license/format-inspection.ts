/** Plain-text report of a license inspection for the CLI (the GUI renders LicenseInspection itself). */
import { licenseAuthenticity } from './authenticity';
import type { LicenseInspection } from './inspect-license';

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

export function formatInspectionText(result: LicenseInspection): string {
  const lines: string[] = [];
  lines.push(result.usable ? 'License: usable' : `License: NOT usable (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`);
  const l = result.license;
  if (l) {
    lines.push(
      `  Organization:        ${l.organizationName ?? '(no name)'} (cloud ID ${l.cloudOrganizationId})`,
      `  Plan:                ${l.plan ?? '(none)'}, PlanType ${l.planType} ${l.planTypeName}; can sponsor Families: ${yesNo(l.canSponsorFamilies)}`,
      `  Seats:               ${l.seats ?? 'unlimited'}`,
      `  Issued:              ${l.issued || '(none)'}`,
      `  Expires:             ${l.expires ?? 'never'}${l.expirationWithoutGracePeriod ? ` (grace period starts ${l.expirationWithoutGracePeriod})` : ''}`,
      `  Refresh:             ${l.refresh ?? '(none)'}`,
      `  Installation ID:     ${l.installationId}`,
      `  Format version:      ${l.version}; self-host: ${yesNo(l.selfHost)}; enabled: ${yesNo(l.enabled)}; trial: ${yesNo(l.trial)}`,
      `  Billing email:       ${l.billingEmail ?? '(none)'}`,
      `  Admin-sponsored Families: ${yesNo(l.features.useAdminSponsoredFamilies)}; users get Premium: ${yesNo(l.features.usersGetPremium)}; SSO: ${yesNo(l.features.useSso)}; policies: ${yesNo(l.features.usePolicies)}`,
      `  From the token only:  automatic user confirmation: ${yesNo(l.features.useAutomaticUserConfirmation)}; disable SM ads: ${yesNo(l.features.useDisableSmAdsForUsers)}; phishing blocker: ${yesNo(l.features.usePhishingBlocker)}; My Items: ${yesNo(l.features.useMyItems)}; invite links: ${yesNo(l.features.useInviteLinks)}; PAM: ${yesNo(l.features.usePam)}`,
      `  Values from:         ${l.valuesFrom === 'token' ? 'signed token (as the server uses them)' : 'file fields'}; key style ${l.fileCasing}`,
    );
  }
  lines.push(`  Authenticity:        ${licenseAuthenticity(result).text}`);
  lines.push(`  Checks:              hash ${result.checks.hash}, token ${result.checks.token}, signature ${result.checks.signature}`);
  if (result.certificate) {
    lines.push(
      `  Certificate:         ${result.certificate.isBitwardenProduction ? "Bitwarden's licensing certificate" : 'NOT Bitwarden\'s licensing certificate'}, thumbprint ${result.certificate.thumbprintSha1} (${result.certificate.subject})`,
    );
  }
  if (result.problems.length > 0) {
    lines.push('Problems:');
    for (const problem of result.problems) lines.push(`  [${problem.code}] ${problem.message}`);
  }
  if (result.warnings.length > 0) {
    lines.push('Warnings:');
    for (const warning of result.warnings) lines.push(`  [${warning.code}] ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}
