/**
 * How the self-hosted side judges an uploaded license. The default checks the `UpdateOrganizationLicenseCommand.cs` conditions on the
 * JSON fields only (no signature or JWT check); pass a verifier built on main/core/license and
 * test/support/license-factory to check signatures and tokens for real.
 */
export type LicenseVerifier = (
  fields: Record<string, unknown>,
  context: { installationId: string; now: Date },
) => { ok: true } | { ok: false; reasons: string[] };

/** Reads a field case-insensitively, as ReadJsonFileFromBody does (`src/Api/Utilities/ApiHelpers.cs`). */
export function field(fields: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(fields).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : fields[key];
}

/** `CanUse` (`UpdateOrganizationLicenseCommand.cs`), reasons in the server's words. */
export const checkLicenseFields: LicenseVerifier = (fields, { installationId, now }) => {
  const reasons: string[] = [];
  if (field(fields, 'Enabled') !== true) reasons.push('Your cloud-hosted organization is currently disabled.');
  const issued = Date.parse(String(field(fields, 'Issued') ?? ''));
  if (!Number.isNaN(issued) && issued > now.getTime()) reasons.push("The license hasn't been issued yet.");
  const expires = Date.parse(String(field(fields, 'Expires') ?? ''));
  if (!Number.isNaN(expires) && expires < now.getTime()) reasons.push('The license has expired.');
  const version = Number(field(fields, 'Version'));
  if (!Number.isInteger(version) || version < 1 || version > 16) reasons.push(`Version ${String(field(fields, 'Version'))} is not supported.`);
  if (String(field(fields, 'InstallationId') ?? '').toLowerCase() !== installationId.toLowerCase()) {
    reasons.push('The installation ID does not match the current installation.');
  }
  if (field(fields, 'SelfHost') !== true) reasons.push('The license does not allow for on-premise hosting of organizations.');
  const licenseType = field(fields, 'LicenseType');
  if (licenseType !== undefined && licenseType !== null && licenseType !== 1) {
    reasons.push('Premium licenses cannot be applied to an organization vault.');
  }
  return reasons.length ? { ok: false, reasons } : { ok: true };
};

/**
 * What the cloud's GET license returns in the stand-in when no license factory is given: the `OrganizationLicense.cs` field
 * set in camelCase, unsigned (empty hash/signature/token). Good for flow tests, not for signature checks.
 */
export function unsignedLicense(input: {
  cloudOrgId: string;
  installationId: string;
  licenseKey: string;
  name: string;
  planType: number;
  seats: number | null;
  now: Date;
}): Record<string, unknown> {
  const expires = new Date(input.now.getTime() + 365 * 86_400_000);
  return {
    licenseKey: input.licenseKey,
    installationId: input.installationId,
    id: input.cloudOrgId,
    name: input.name,
    billingEmail: 'billing@example.test',
    businessName: null,
    enabled: true,
    plan: 'Enterprise (Annually)',
    planType: input.planType,
    seats: input.seats,
    maxCollections: null,
    usePolicies: true,
    useSso: true,
    useKeyConnector: false,
    useScim: true,
    useGroups: true,
    useEvents: true,
    useDirectory: true,
    useTotp: true,
    use2fa: true,
    useApi: true,
    useResetPassword: true,
    maxStorageGb: 1,
    selfHost: true,
    usersGetPremium: true,
    useCustomPermissions: true,
    version: 15,
    issued: input.now.toISOString(),
    refresh: new Date(input.now.getTime() + 30 * 86_400_000).toISOString(),
    expires: expires.toISOString(),
    expirationWithoutGracePeriod: new Date(expires.getTime() - 60 * 86_400_000).toISOString(),
    usePasswordManager: true,
    useSecretsManager: false,
    smSeats: null,
    smServiceAccounts: null,
    useRiskInsights: false,
    limitCollectionCreationDeletion: true,
    allowAdminAccessToAllCollectionItems: true,
    trial: false,
    licenseType: 1,
    useOrganizationDomains: false,
    useAdminSponsoredFamilies: false,
    hash: '',
    signature: '',
    token: '',
  };
}
