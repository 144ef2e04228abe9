import { SETUP_STEP_IDS, SETUP_STEP_TITLES, type SetupStepId } from '../../../main/core/shared/setup-steps';

/** The wizard's steps, in order. Their status is derived from data (see derive-step-status.ts), never stored. */
export const STEP_IDS = SETUP_STEP_IDS;
export type StepId = SetupStepId;

export type StepStatus = 'not-started' | 'needs-attention' | 'done';

export const STEP_TITLES = SETUP_STEP_TITLES;

export const STEP_PURPOSES: Record<StepId, string> = {
  connect:
    'Find your Bitwarden install (the folder with bitwarden.sh and bwdata), read its installation ID and region, and sign in to the cloud and self-hosted vaults with API keys.',
  firewall:
    'Check that this machine reaches the Bitwarden cloud (api and identity hosts) over HTTPS, stage by stage: proxy, DNS, TCP, TLS, HTTP.',
  'cloud-communication':
    'Set globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env without touching anything else, then apply it with a restart.',
  license:
    'Get the organization license for this installation ID (from the cloud, or a file carried in by hand), check it offline, and upload it to the self-hosted vault.',
  'billing-sync':
    'Generate or paste the billing sync token, keep it in the OS keychain, and save it on the self-hosted server.',
  'sync-verify':
    'Trigger the first billing sync from the System Administrator Portal and confirm that it reached the cloud.',
};
