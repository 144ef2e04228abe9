/**
 * Bitwarden's `PlanType` byte enum (bitwarden/server `src/Core/Billing/Enums/PlanType.cs`) and the two
 * facts this tool needs from it: how the license hash writes a plan type, and which plans may sponsor
 * Families organizations.
 */

/** Current enum member names by value. Unknown values are still valid bytes in a license file. */
export const PLAN_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'Free',
  1: 'FamiliesAnnually2019',
  2: 'TeamsMonthly2019',
  3: 'TeamsAnnually2019',
  4: 'EnterpriseMonthly2019',
  5: 'EnterpriseAnnually2019',
  6: 'Custom',
  7: 'FamiliesAnnually2025',
  8: 'TeamsMonthly2020',
  9: 'TeamsAnnually2020',
  10: 'EnterpriseMonthly2020',
  11: 'EnterpriseAnnually2020',
  12: 'TeamsMonthly2023',
  13: 'TeamsAnnually2023',
  14: 'EnterpriseMonthly2023',
  15: 'EnterpriseAnnually2023',
  16: 'TeamsStarter2023',
  17: 'TeamsMonthly',
  18: 'TeamsAnnually',
  19: 'EnterpriseMonthly',
  20: 'EnterpriseAnnually',
  21: 'TeamsStarter',
  22: 'FamiliesAnnually',
};

/**
 * How the license data string writes plan types 0–6: the enum names from before the 2020 plans were
 * added (`CoreHelpers.FormatLicenseSignatureValue`), so hashes of old licenses stay stable. Every other
 * value is written as its number.
 */
const LEGACY_HASH_NAMES: readonly string[] = [
  'Free',
  'FamiliesAnnually',
  'TeamsMonthly',
  'TeamsAnnually',
  'EnterpriseMonthly',
  'EnterpriseAnnually',
  'Custom',
];

export function formatPlanTypeForLicenseData(planType: number): string {
  return LEGACY_HASH_NAMES[planType] ?? String(planType);
}

/**
 * Plan types whose organizations may offer Families sponsorships. `SponsoredPlans.FamiliesForEnterprise`
 * (src/Core/Billing/Models/SponsoredPlans.cs) lets an organization sponsor when
 * `PlanType.GetProductTier() == ProductTierType.Enterprise`, and `BillingExtensions.GetProductTier`
 * maps every plan type whose name contains "Enterprise" to that tier (Custom and Free are tier Free).
 */
export const SPONSOR_CAPABLE_PLAN_TYPES: readonly number[] = [4, 5, 10, 11, 14, 15, 19, 20];

export function canSponsorFamilies(planType: number): boolean {
  return SPONSOR_CAPABLE_PLAN_TYPES.includes(planType);
}

export function planTypeName(planType: number): string {
  return PLAN_TYPE_NAMES[planType] ?? `Unknown (${planType})`;
}
