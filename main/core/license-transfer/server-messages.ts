import type { ErrorFix } from '../shared';

/**
 * Explanations for the messages Bitwarden servers answer license calls with (upload
 * validation in `UpdateOrganizationLicenseCommand.cs`, cloud generation errors in `GetCloudOrganizationLicenseQuery.cs`, and the license sync's texts from
 * `src/Core/Billing/Organizations/Queries/GetSelfHostedOrganizationLicenseQuery.cs`). The server's own words are always shown verbatim next to these.
 */
interface MessageRule {
  /** Matched case-insensitively against the server's message. */
  pattern: RegExp;
  explanation: string;
  fix?: ErrorFix;
}

const RULES: MessageRule[] = [
  {
    pattern: /invalid installation id/i,
    explanation:
      'The cloud does not know this installation ID in the region you downloaded from, or the installation is disabled. ' +
      'Installation IDs are registered per region (bitwarden.com/host for US, the EU choice for bitwarden.eu): the usual cause is an ID ' +
      'made for the other region than the organization\'s. Check which region knows this ID and download from the vault of that region, ' +
      'or get a new installation ID for the organization\'s region.',
    fix: { command: 'license region', step: 'license' },
  },
  {
    pattern: /no active subscription found/i,
    explanation: 'The cloud organization has no active subscription. Renew or restart it on the cloud Billing › Subscription page, then download again.',
  },
  {
    pattern: /payment issue/i,
    explanation: 'The cloud refuses to issue a license until the payment problem is solved on the cloud Billing › Payment method page.',
  },
  {
    pattern: /already in use by another organization vault/i,
    explanation:
      'Another organization on this self-hosted server already carries a license with the same license key. Upload to that organization instead, ' +
      'or remove the license from the other organization first.',
  },
  {
    pattern: /currently disabled/i,
    explanation: 'The cloud organization is disabled (often an unpaid invoice). Resolve it in the cloud web vault, then download a fresh license.',
  },
  {
    pattern: /hasn't been issued yet|has not been issued yet/i,
    explanation:
      "The server's clock is behind the license's issue time; Bitwarden allows no clock difference. Set the server's time right (NTP) or wait, then upload again.",
  },
  {
    pattern: /license has expired/i,
    explanation: 'The license is past its expiry by the server\'s clock. Download a fresh license from the cloud (and check the server\'s clock).',
  },
  {
    pattern: /version \S+ is not supported/i,
    explanation: 'This server does not understand the license format version. Update the self-hosted server, then upload again.',
  },
  {
    pattern: /installation id does not match/i,
    explanation:
      "The license was issued for another installation. Download it again with this server's installation ID " +
      '(globalSettings__installation__id in bwdata/env/global.override.env).',
  },
  {
    pattern: /does not allow for on-premise hosting/i,
    explanation: "The cloud organization's plan does not include self-hosting. Change the plan in the cloud web vault, then download again.",
  },
  {
    pattern: /premium licenses cannot be applied/i,
    explanation: "This is a personal Premium license. Download the organization's license from the organization's Billing › Subscription page instead.",
  },
  {
    pattern: /license verification failed/i,
    explanation:
      "The server could not verify the license's signature or token: the file was edited or damaged, or it was not issued by Bitwarden's cloud. Download it again and upload it unchanged.",
  },
  {
    pattern: /cannot verify license file/i,
    explanation:
      'The license file the server stored cannot be read or verified (for example garbage after the closing brace). Upload a freshly downloaded license through this tool or the web vault.',
  },
  {
    pattern: /^invalid license\.?$/i,
    explanation:
      'The server could not read the uploaded file as a license (not JSON, or the whole request over 51,200 bytes). Upload the file exactly as downloaded.',
  },
  {
    // GetSelfHostedOrganizationLicenseQuery: every failure of the self-hosted server's call to the cloud.
    pattern: /an error has occurred\.\s*check your internet connection and ensure the billing token is correct/i,
    explanation:
      'The self-hosted server could not get its license from the Bitwarden cloud. Either the billing sync token saved on the server is wrong or was rotated ' +
      '(Billing sync step: get a fresh token and save it again), or the server has no route to the cloud (run the Firewall check from the server itself).',
  },
  {
    // SelfHostedOrganizationLicensesController.SyncLicenseAsync: a 404 with this text.
    pattern: /unable to get cloud billing sync connection/i,
    explanation: 'No billing sync connection is saved on the self-hosted server for this organization. Save the billing sync token on the server (Billing sync step).',
  },
  {
    pattern: /cloud communication is disabled in global settings/i,
    explanation:
      'The self-hosted server runs without cloud communication. Set globalSettings__enableCloudCommunication=true and apply it with a restart (Cloud communication step).',
  },
  {
    // SelfHostedOrganizationDetails.CanUseLicense (`src/Core/AdminConsole/Models/Data/Organizations/SelfHostedOrganizationDetails.cs`): in-use counts exceed the license.
    pattern: /your (new )?license|seats|collections|groups|policies|sso|key connector|scim|custom (roles|permissions)|reset password/i,
    explanation:
      'The self-hosted organization uses more than the new license allows (seats, collections, groups, policies or features). ' +
      'Reduce the usage the message names, or upgrade the cloud subscription and download again.',
  },
];

/** What fixes the first rule that fits the server's message and names a fix. */
export function fixForServerMessage(message: string | undefined): ErrorFix | undefined {
  if (!message) return undefined;
  return RULES.find((rule) => rule.fix && rule.pattern.test(message))?.fix;
}

/** Explanations that fit the server's message, most specific first; empty when nothing matches. */
export function explainServerMessage(message: string | undefined): string[] {
  if (!message) return [];
  const explanations: string[] = [];
  for (const rule of RULES) {
    if (rule.pattern.test(message) && !explanations.includes(rule.explanation)) explanations.push(rule.explanation);
  }
  // The catch-all for CanUseLicense texts only applies when nothing else explained the message.
  const last = RULES[RULES.length - 1]!.explanation;
  if (explanations.length > 1 && explanations.includes(last)) explanations.splice(explanations.indexOf(last), 1);
  return explanations;
}
