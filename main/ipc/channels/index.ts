/**
 * Channel names only, with no dependencies, so the sandboxed preload can import them without
 * pulling in schemas. One file per capability; the contract (../contracts) must cover every name
 * here, or it fails to compile.
 */
import { APP_EVENTS, APP_INVOKE } from './app-channels';
import { INSTALL_EVENTS, INSTALL_INVOKE } from './install-channels';
import { BILLING_SYNC_EVENTS, BILLING_SYNC_INVOKE } from './billing-sync-channels';
import { FIREWALL_EVENTS, FIREWALL_INVOKE } from './firewall-channels';
import { CONNECTIONS_EVENTS, CONNECTIONS_INVOKE } from './connections-channels';
import { CLOUD_EVENTS, CLOUD_INVOKE } from './cloud-channels';
import { LICENSE_EVENTS, LICENSE_INVOKE } from './license-channels';
import { SERVER_EVENTS, SERVER_INVOKE } from './server-channels';

export const INVOKE = {
  ...APP_INVOKE,
  ...INSTALL_INVOKE,
  ...BILLING_SYNC_INVOKE,
  ...FIREWALL_INVOKE,
  ...CONNECTIONS_INVOKE,
  ...CLOUD_INVOKE,
  ...LICENSE_INVOKE,
  ...SERVER_INVOKE,
} as const;

/** Main → renderer events (progress, log lines). */
export const EVENTS = {
  ...APP_EVENTS,
  ...INSTALL_EVENTS,
  ...BILLING_SYNC_EVENTS,
  ...FIREWALL_EVENTS,
  ...CONNECTIONS_EVENTS,
  ...CLOUD_EVENTS,
  ...LICENSE_EVENTS,
  ...SERVER_EVENTS,
} as const;

/** The values of a channel map: `ValueOf<typeof LICENSE_INVOKE>` is the License step's channel names. */
export type ValueOf<T> = T[keyof T];

export type InvokeChannel = ValueOf<typeof INVOKE>;
export type EventChannel = ValueOf<typeof EVENTS>;
