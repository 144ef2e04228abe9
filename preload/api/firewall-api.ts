import { FIREWALL_EVENTS, FIREWALL_INVOKE } from '../../main/ipc/channels/firewall-channels';
import type { FirewallContainerResultEvent, FirewallStageEvent } from '../../main/ipc/contracts/firewall-contract';
import type { RequestOf } from '../../main/ipc/contracts';
import type { BridgeTransport } from '../bridge-types';

type Request<K extends keyof typeof FIREWALL_INVOKE> = RequestOf<(typeof FIREWALL_INVOKE)[K]>;

/** The Firewall check step: plan (nothing contacted), run with live stages, report, proxy for the containers. */
export function createFirewallApi(transport: BridgeTransport) {
  return {
    /** Exactly which hosts a run would contact, and where the proxy comes from. Contacts nothing. */
    plan: (request: Request<'firewallPlan'>) => transport.invoke(FIREWALL_INVOKE.firewallPlan, request),
    /**
     * Runs the check. Each finished stage arrives through `onStage` (same `operationId`); the call
     * resolves with the whole report. Stop it with `app.cancelOperation(operationId)`.
     */
    run: (request: Request<'firewallRun'>) => transport.invoke(FIREWALL_INVOKE.firewallRun, request),
    /** Streams finished stages of running checks. Returns the unsubscribe function (call it in the effect's cleanup). */
    onStage: (listener: (event: FirewallStageEvent) => void) => transport.subscribe(FIREWALL_EVENTS.firewallStage, listener),
    /** Copy-ready commands to test from the server and inside bitwarden-api / bitwarden-admin (nothing run). */
    containerCommands: (request: Request<'firewallContainerCommands'>) => transport.invoke(FIREWALL_INVOKE.firewallContainerCommands, request),
    /**
     * Runs the container test commands on the connected server after main asked the admin natively
     * (`confirmed: false` when the answer was no). Results stream through `onContainerResult`.
     */
    runInContainers: (request: Request<'firewallRunInContainers'>) => transport.invoke(FIREWALL_INVOKE.firewallRunInContainers, request),
    /** Streams the container commands' results as each finishes. Returns the unsubscribe function. */
    onContainerResult: (listener: (event: FirewallContainerResultEvent) => void) => transport.subscribe(FIREWALL_EVENTS.firewallContainerResult, listener),
    /** The diff that would give `proxy` to the containers (HTTPS_PROXY, HTTP_PROXY, NO_PROXY); nothing written. */
    planProxyEnv: (request: Request<'firewallPlanProxyEnv'>) => transport.invoke(FIREWALL_INVOKE.firewallPlanProxyEnv, request),
    /** Writes the confirmed change after a backup; `changed-during-edit` and nothing written if the file changed since. */
    writeProxyEnv: (request: Request<'firewallWriteProxyEnv'>) => transport.invoke(FIREWALL_INVOKE.firewallWriteProxyEnv, request),
    /** Saves the last report through the native save dialog. */
    saveReport: (format: 'json' | 'text') => transport.invoke(FIREWALL_INVOKE.firewallSaveReport, { format }),
    /** Copies the last report as text (for the network team). */
    copyReport: () => transport.invoke(FIREWALL_INVOKE.firewallCopyReport, undefined),
    /** Native file picker for a root certificate (PEM) trusted for one run; returns its handle. */
    pickCaFile: () => transport.invoke(FIREWALL_INVOKE.firewallPickCaFile, undefined),
  };
}
