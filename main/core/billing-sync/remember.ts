import type { SettingsStore } from '../settings';
import type { SavedConnection } from './connection';
import type { LicenseSyncVerification } from './verify';
import { WIZARD_KEYS } from './wizard-keys';

/**
 * Records non-secret step results (organization ids, dates) in settings `wizard.values`, where the app's
 * wizard and `report` read them. The app and the CLI record through these, so both leave the same evidence.
 */
export async function rememberWizardValues(settings: SettingsStore, values: Record<string, string | null>): Promise<void> {
  await settings.update((s) => ({ ...s, wizard: { ...s.wizard, values: { ...s.wizard.values, ...values } } }));
}

/** What a saved billing sync connection leaves as evidence. */
export function savedConnectionValues(saved: SavedConnection, now: Date = new Date()): Record<string, string> {
  return {
    [WIZARD_KEYS.selfOrgId]: saved.selfHostedOrgId,
    [WIZARD_KEYS.connectionId]: saved.connectionId,
    [WIZARD_KEYS.savedAt]: now.toISOString(),
    ...(saved.cloudOrganizationId ? { [WIZARD_KEYS.cloudOrgId]: saved.cloudOrganizationId.toLowerCase() } : {}),
  };
}

/** What a successful verify leaves as evidence (nothing for a failed one: the step is not done). */
export function verifiedValues(result: LicenseSyncVerification, now: Date = new Date()): Record<string, string> {
  if (!result.verified) return { [WIZARD_KEYS.selfOrgId]: result.selfHostedOrgId };
  return {
    [WIZARD_KEYS.selfOrgId]: result.selfHostedOrgId,
    [WIZARD_KEYS.verifiedLicenseSync]: result.lastLicenseSync,
    [WIZARD_KEYS.verifiedAt]: now.toISOString(),
  };
}
