import { FIREWALL_EVENTS, FIREWALL_INVOKE } from '../../main/ipc/channels/firewall-channels';
import type { FirewallStageEvent } from '../../main/ipc/contracts/firewall-contract';
import type { BridgeTransport } from '../bridge-types';

/** What to check: the region's hosts, or custom URLs (advanced), and how to reach them. */
export interface FirewallCheckOptions {
  region: 'us' | 'eu';
  /** Custom https:// URLs that replace the region's hosts (a private cloud, or test servers). */
  urls?: string[];
  /** `HOST:ADDRESS` pins, like curl --resolve. */
  resolve?: string[];
  /** An explicit proxy URL, `'none'` for direct; absent: the system proxy settings (incl. PAC). */
  proxy?: string;
}

/** The Firewall check step: plan (nothing contacted), run with live stages, report, proxy for the containers. */
export function createFirewallApi(transport: BridgeTransport) {
  return {
    /** Exactly which hosts a run would contact, and where the proxy comes from. Contacts nothing. */
    plan: (options: FirewallCheckOptions) => transport.invoke(FIREWALL_INVOKE.firewallPlan, options),
    /**
     * Runs the check. Each finished stage arrives through `onStage` (same `operationId`); the call
     * resolves with the whole report. Stop it with `app.cancelOperation(operationId)`.
     */
    run: (operationId: string, options: FirewallCheckOptions & { caFileId?: string; timeoutMs?: number }) =>
      transport.invoke(FIREWALL_INVOKE.firewallRun, { ...options, operationId }),
    /** Streams finished stages of running checks. Returns the unsubscribe function (call it in the effect's cleanup). */
    onStage: (listener: (event: FirewallStageEvent) => void) => transport.subscribe(FIREWALL_EVENTS.firewallStage, listener),
    /** Copy-ready commands to test from the server and inside bitwarden-api / bitwarden-admin (nothing run). */
    containerCommands: (region: 'us' | 'eu', proxy?: string) =>
      transport.invoke(FIREWALL_INVOKE.firewallContainerCommands, proxy ? { region, proxy } : { region }),
    /** The diff that would give `proxy` to the containers (HTTPS_PROXY, HTTP_PROXY, NO_PROXY); nothing written. */
    planProxyEnv: (installId: string, proxy: string) => transport.invoke(FIREWALL_INVOKE.firewallPlanProxyEnv, { installId, proxy }),
    /** Writes the confirmed change after a backup; `changed-during-edit` and nothing written if the file changed since. */
    writeProxyEnv: (installId: string, proxy: string, confirmedDiff: string) =>
      transport.invoke(FIREWALL_INVOKE.firewallWriteProxyEnv, { installId, proxy, confirmedDiff }),
    /** Saves the last report through the native save dialog. */
    saveReport: (format: 'json' | 'text') => transport.invoke(FIREWALL_INVOKE.firewallSaveReport, { format }),
    /** Copies the last report as text (for the network team). */
    copyReport: () => transport.invoke(FIREWALL_INVOKE.firewallCopyReport, undefined),
    /** Native file picker for a root certificate (PEM) trusted for one run; returns its handle. */
    pickCaFile: () => transport.invoke(FIREWALL_INVOKE.firewallPickCaFile, undefined),
  };
}
