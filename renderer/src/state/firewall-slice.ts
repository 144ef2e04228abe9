import type { StateCreator } from 'zustand';
import type { FileHandle, IpcError } from '../../../main/ipc';
import type {
  FirewallPlan, FirewallPlannedTarget, FirewallRunResult, FirewallStageEvent, ProxyEnvPlan, ProxyEnvResult,
} from '../../../main/ipc/contracts/firewall-contract';
import { knownInstall } from './install-slice';
import type { WizardStore } from './wizard-store';

export type FirewallRegion = 'us' | 'eu';

/** What the admin set on the screen before pressing Run. Text fields are kept as typed. */
export interface FirewallForm {
  /** The region chosen on the screen; the install's region wins when the install says one. */
  chosenRegion: FirewallRegion;
  /** An explicit proxy URL; empty = the system's proxy settings. */
  proxy: string;
  /** Connect directly, ignoring every proxy setting. */
  direct: boolean;
  /** Custom targets (advanced), one https:// URL per line; replace the region's hosts. */
  customUrls: string;
  /** `HOST:ADDRESS` pins, one per line. */
  resolve: string;
  /** A root certificate (PEM) trusted for this run. */
  /** A root certificate chosen in main's picker (by handle), or none. */
  caFile: FileHandle | null;
}

export type FirewallPlanState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; plan: FirewallPlan }
  | { kind: 'failed'; error: IpcError };

/** Stages received so far, by target URL (the order they finished in). */
export type StagesByTarget = Record<string, Array<FirewallStageEvent['stage']>>;

/** One run of the check. Each phase carries exactly the data that exists in it. */
export type FirewallRunState =
  | { kind: 'idle' }
  | { kind: 'running'; operationId: string; targets: FirewallPlannedTarget[]; stages: StagesByTarget }
  | { kind: 'finished'; operationId: string; targets: FirewallPlannedTarget[]; stages: StagesByTarget; report: FirewallRunResult }
  | { kind: 'failed'; operationId: string; targets: FirewallPlannedTarget[]; stages: StagesByTarget; error: IpcError };

/** Giving the proxy to the containers: diff first, then the admin confirms. */
export type ProxyEnvState =
  | { kind: 'idle' }
  | { kind: 'planning'; folder: string; proxy: string }
  | { kind: 'planned'; folder: string; proxy: string; plan: ProxyEnvPlan }
  | { kind: 'writing'; folder: string; proxy: string; plan: ProxyEnvPlan }
  | { kind: 'written'; folder: string; result: ProxyEnvResult }
  | { kind: 'failed'; folder: string; error: IpcError };

export interface FirewallSlice {
  firewallForm: FirewallForm;
  firewallPlan: FirewallPlanState;
  firewallRun: FirewallRunState;
  proxyEnv: ProxyEnvState;
  updateFirewallForm(change: Partial<FirewallForm>): void;
  /** The region the check uses: the install's when it says one, else the chosen one. */
  firewallRegion(): { region: FirewallRegion; fromInstall: boolean };
  /** Asks main which hosts a run would contact (nothing is contacted). */
  planFirewallCheck(): Promise<void>;
  runFirewallCheck(): Promise<void>;
  cancelFirewallCheck(): Promise<void>;
  planProxyEnv(): Promise<void>;
  confirmProxyEnv(): Promise<void>;
  dismissProxyEnv(): void;
}

let operationCounter = 0;

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

export function checkOptionsFrom(form: FirewallForm, region: FirewallRegion) {
  const urls = lines(form.customUrls);
  const resolve = lines(form.resolve);
  const proxy = form.direct ? 'none' : form.proxy.trim();
  return {
    region,
    ...(urls.length > 0 ? { urls } : {}),
    ...(resolve.length > 0 ? { resolve } : {}),
    ...(proxy ? { proxy } : {}),
  };
}

export const createFirewallSlice: StateCreator<WizardStore, [], [], FirewallSlice> = (set, get) => ({
  firewallForm: { chosenRegion: 'us', proxy: '', direct: false, customUrls: '', resolve: '', caFile: null },
  firewallPlan: { kind: 'idle' },
  firewallRun: { kind: 'idle' },
  proxyEnv: { kind: 'idle' },
  updateFirewallForm(change) {
    set({ firewallForm: { ...get().firewallForm, ...change } });
  },
  firewallRegion() {
    const cloudRegion = knownInstall(get().install)?.install.cloudRegion;
    if (cloudRegion) {
      return { region: cloudRegion === 'EU' ? 'eu' : 'us', fromInstall: true };
    }
    return { region: get().firewallForm.chosenRegion, fromInstall: false };
  },
  async planFirewallCheck() {
    const options = checkOptionsFrom(get().firewallForm, get().firewallRegion().region);
    const key = JSON.stringify(options);
    // The plan on screen stays until the new one arrives: emptying the list meanwhile would make the page jump.
    if (get().firewallPlan.kind !== 'ready') set({ firewallPlan: { kind: 'loading' } });
    const result = await window.sponsorship.firewall.plan(options);
    // Only the latest form counts (the admin may still be typing).
    if (JSON.stringify(checkOptionsFrom(get().firewallForm, get().firewallRegion().region)) !== key) return;
    set({ firewallPlan: result.ok ? { kind: 'ready', plan: result.value } : { kind: 'failed', error: result.error } });
  },
  async runFirewallCheck() {
    if (get().firewallPlan.kind !== 'ready' || get().firewallRun.kind === 'running') return;
    const form = get().firewallForm;
    const options = checkOptionsFrom(form, get().firewallRegion().region);
    // Plan again from exactly these options (it contacts nothing): the debounced plan on screen may
    // still describe the form as it was before the last keystroke, and the rows must match the run.
    const fresh = await window.sponsorship.firewall.plan(options);
    if (!fresh.ok) {
      set({ firewallPlan: { kind: 'failed', error: fresh.error } });
      return;
    }
    set({ firewallPlan: { kind: 'ready', plan: fresh.value } });
    if (get().firewallRun.kind === 'running') return;
    const operationId = `firewall-${Date.now()}-${++operationCounter}`;
    const targets = fresh.value.targets;
    set({ firewallRun: { kind: 'running', operationId, targets, stages: {} } });
    console.info(`[firewall] run ${operationId} started`);
    const unsubscribe = window.sponsorship.firewall.onStage((event) => {
      const run = get().firewallRun;
      if (run.kind !== 'running' || run.operationId !== event.operationId) return;
      const previous = run.stages[event.target] ?? [];
      set({ firewallRun: { ...run, stages: { ...run.stages, [event.target]: [...previous, event.stage] } } });
    });
    try {
      const result = await window.sponsorship.firewall.run(operationId, { ...options, ...(form.caFile ? { caFileId: form.caFile.fileId } : {}) });
      const run = get().firewallRun;
      if (run.kind !== 'running' || run.operationId !== operationId) return;
      if (result.ok) {
        // The report is authoritative: events may still be in flight when the call resolves.
        const stages = Object.fromEntries(result.value.targets.map((t) => [t.url, t.stages]));
        set({ firewallRun: { kind: 'finished', operationId, targets, stages, report: result.value } });
      } else {
        set({ firewallRun: { kind: 'failed', operationId, targets, stages: run.stages, error: result.error } });
      }
    } finally {
      unsubscribe();
    }
  },
  async cancelFirewallCheck() {
    const run = get().firewallRun;
    if (run.kind === 'running') await window.sponsorship.app.cancelOperation(run.operationId);
  },
  async planProxyEnv() {
    const install = knownInstall(get().install);
    const proxy = get().firewallForm.proxy.trim();
    if (install === null || !proxy) return;
    const folder = install.folder;
    set({ proxyEnv: { kind: 'planning', folder, proxy } });
    const result = await window.sponsorship.firewall.planProxyEnv(install.installId, proxy);
    set({ proxyEnv: result.ok ? { kind: 'planned', folder, proxy, plan: result.value } : { kind: 'failed', folder, error: result.error } });
  },
  async confirmProxyEnv() {
    const state = get().proxyEnv;
    if (state.kind !== 'planned') return;
    set({ proxyEnv: { ...state, kind: 'writing' } });
    const install = knownInstall(get().install);
    if (!install || install.folder !== state.folder) return;
    const result = await window.sponsorship.firewall.writeProxyEnv(install.installId, state.proxy, state.plan.diff);
    set({ proxyEnv: result.ok ? { kind: 'written', folder: state.folder, result: result.value } : { kind: 'failed', folder: state.folder, error: result.error } });
    if (result.ok) await get().refreshInstall();
  },
  dismissProxyEnv() {
    set({ proxyEnv: { kind: 'idle' } });
  },
});
