/**
 * Wizard step ids that billing-sync texts link to. The same strings as the renderer's STEP_IDS, kept
 * here so core can say "go to step X" without importing renderer code.
 */
export type SetupStepId = 'connect' | 'firewall' | 'cloud-communication' | 'license' | 'billing-sync' | 'sync-verify';

export const SETUP_STEP_TITLES: Record<SetupStepId, string> = {
  connect: 'Connect',
  firewall: 'Firewall check',
  'cloud-communication': 'Cloud communication',
  license: 'License',
  'billing-sync': 'Billing sync',
  'sync-verify': 'Sync & verify',
};
