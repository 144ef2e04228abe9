import { SETUP_STEP_IDS, SETUP_STEP_TITLES, type SetupStepId } from '../../../main/core/shared/setup-steps';

/** The wizard's steps, in order. Their status is derived from data (see derive-step-status.ts), never stored. */
export const STEP_IDS = SETUP_STEP_IDS;
export type StepId = SetupStepId;

export type StepStatus = 'not-started' | 'in-progress' | 'needs-attention' | 'done';

export const STEP_TITLES = SETUP_STEP_TITLES;

/** One or two sentences: each step opens with little to read before its first action. */
export const STEP_PURPOSES: Record<StepId, string> = {
  connect: 'Choose your Bitwarden install, then paste the API key of the account that owns the organization, for the cloud and for your server.',
  firewall: 'Check that the Bitwarden server reaches the Bitwarden cloud over HTTPS — from this computer, or from the server itself when you connected to it over SSH. Nothing but a plain request is sent.',
  'cloud-communication': 'Turn on cloud communication in your server’s settings, then restart it so it takes effect.',
  license: 'Get the license for this installation, check it, and upload it to your server.',
  'billing-sync': 'Get the billing sync token from the cloud and save it on your server.',
  'sync-verify': 'Confirm that your server reaches the cloud with the token.',
};
