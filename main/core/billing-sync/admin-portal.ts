export interface AdminPortalInstructions {
  /** `<vault>/admin`, or null when the vault URL is unknown. */
  portalUrl: string | null;
  /** The organization's page in the portal (`src/Admin/AdminConsole/Controllers/OrganizationsController.cs` View/{id}). */
  organizationUrl: string | null;
  steps: string[];
  /** `adminSettings__admins` as read from the env file. */
  adminEmails: string[];
  /** What the admin-email list means, including when it is empty. */
  adminEmailsNote: string;
}

/**
 * How to press the one manual trigger (`src/Admin/AdminConsole/Controllers/OrganizationsController.cs`). The tool never calls the portal itself: it uses
 * an e-mailed sign-in link and a cookie that belong to the admin's browser.
 */
export function adminPortalInstructions(input: { vaultUrl: string | null; selfHostedOrgId: string | null; adminEmails: string[] }): AdminPortalInstructions {
  const base = input.vaultUrl ? input.vaultUrl.replace(/\/+$/, '') : null;
  const portalUrl = base ? `${base}/admin` : null;
  const organizationUrl = portalUrl && input.selfHostedOrgId ? `${portalUrl}/Organizations/View/${encodeURIComponent(input.selfHostedOrgId)}` : null;
  const adminEmailsNote =
    input.adminEmails.length === 0
      ? 'adminSettings__admins is empty in global.override.env, so nobody can sign in to the System Administrator Portal. Add your e-mail there (comma-separated list) and restart the stack first; the sign-in link is sent by e-mail, so SMTP must work.'
      : `Only these addresses can sign in: ${input.adminEmails.join(', ')} (adminSettings__admins). The sign-in link is sent by e-mail, so SMTP must work.`;
  return {
    portalUrl,
    organizationUrl,
    steps: [
      `Open the System Administrator Portal: ${portalUrl ?? '<your vault URL>/admin'}.`,
      'Enter an admin e-mail address and open the sign-in link that arrives by e-mail (no password).',
      `Go to Organizations and open the organization${input.selfHostedOrgId ? ` (${input.selfHostedOrgId})` : ''}.`,
      'Under Connections, press "Manually Sync". It runs in the admin container and shows "Billing Synced!" or the error text.',
      '"Billing Synced!" does not prove the cloud was reached: without a sponsorship the server skips the call. This step watches the server\'s last sync date instead.',
    ],
    adminEmails: [...input.adminEmails],
    adminEmailsNote,
  };
}
