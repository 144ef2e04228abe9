/**
 * The wizard's steps, in order, with their titles: the one list the renderer's stepper, the CLI's
 * report and core's "go to step X" hints all name. Pure data, safe for the renderer bundle.
 */
export const SETUP_STEP_IDS = ['connect', 'firewall', 'cloud-communication', 'license', 'billing-sync', 'sync-verify'] as const;
export type SetupStepId = (typeof SETUP_STEP_IDS)[number];

export const SETUP_STEP_TITLES: Record<SetupStepId, string> = {
  connect: 'Connect',
  firewall: 'Firewall check',
  'cloud-communication': 'Cloud communication',
  license: 'License',
  'billing-sync': 'Billing sync',
  'sync-verify': 'Sync & verify',
};
