import type { StateCreator } from 'zustand';
import type { FileHandle, IpcError } from '../../../main/ipc';
import type { FIREWALL_INVOKE } from '../../../main/ipc/channels/firewall-channels';
import type { RequestOf } from '../../../main/ipc/contracts';
import type { ContainerCommandResult, ContainerTestCommands } from '../../../main/core/connectivity';
import type {
  FirewallContainerRun, FirewallPlan, FirewallPlannedTarget, FirewallRunResult, FirewallStageEvent, ProxyEnvPlan, ProxyEnvResult,
} from '../../../main/ipc/contracts/firewall-contract';
import type { AsyncState } from './async-state';
import { containerActions } from './firewall/container-actions';
import { proxyEnvActions } from './firewall/proxy-env-actions';
import { reportActions } from './firewall/report-actions';
import { runActions } from './firewall/run-actions';
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
  /** A root certificate (PEM) chosen in main's picker (by handle), trusted for this run; or none. */
  caFile: FileHandle | null;
}

/** Which hosts a run would contact; `input` is the options it answers (a JSON key), so a stale answer is dropped. */
export type FirewallPlanState = AsyncState<FirewallPlan, string>;

/** Stages received so far, by target URL (the order they finished in). */
export type StagesByTarget = Record<string, Array<FirewallStageEvent['stage']>>;

/**
 * One run of the check. More than an AsyncState: stages stream in while it runs and stay beside the
 * report or the error, so the rows keep what was measured. Each phase carries exactly the data that exists in it.
 */
export type FirewallRunState =
  | { kind: 'idle' }
  | { kind: 'running'; operationId: string; targets: FirewallPlannedTarget[]; stages: StagesByTarget }
  | { kind: 'finished'; operationId: string; targets: FirewallPlannedTarget[]; stages: StagesByTarget; report: FirewallRunResult }
  | { kind: 'failed'; operationId: string; targets: FirewallPlannedTarget[]; stages: StagesByTarget; error: IpcError };

/** The copy-ready commands for the server and its containers; `input` is `region proxy`. */
export type ContainerCommandsState = AsyncState<ContainerTestCommands, string>;

export interface ContainerRunInput {
  operationId: string;
  region: FirewallRegion;
}

/**
 * Running the container test commands on the server. An AsyncState whose loading phase also holds the
 * results that already arrived (each command streams its result as it finishes).
 */
export type ContainerRunState =
  | Exclude<AsyncState<FirewallContainerRun, ContainerRunInput>, { kind: 'loading' }>
  | { kind: 'loading'; input: ContainerRunInput; partial: ContainerCommandResult[] };

/** Which install and proxy a proxy-variables change is for. */
export interface ProxyEnvInput {
  folder: string;
  proxy: string;
}

/** Giving the proxy to the containers: the diff first (plan), then the write after the admin confirmed it. */
export interface ProxyEnvState {
  plan: AsyncState<ProxyEnvPlan, ProxyEnvInput>;
  write: AsyncState<ProxyEnvResult, ProxyEnvInput>;
}

export interface FirewallSlice {
  firewallForm: FirewallForm;
  firewallPlan: FirewallPlanState;
  firewallRun: FirewallRunState;
  firewallContainerCommands: ContainerCommandsState;
  firewallContainerRun: ContainerRunState;
  /** What happened to the last copy or save of the report, in words ('' before any). */
  firewallReportNote: string;
  proxyEnv: ProxyEnvState;
  updateFirewallForm(change: Partial<FirewallForm>): void;
  /** The region the check uses: the install's when it says one, else the chosen one. */
  firewallRegion(): { region: FirewallRegion; fromInstall: boolean };
  /** Asks main which hosts a run would contact (nothing is contacted). */
  planFirewallCheck(): Promise<void>;
  runFirewallCheck(): Promise<void>;
  cancelFirewallCheck(): Promise<void>;
  /** Main's native picker for a root certificate; the chosen file's handle, or null. */
  pickFirewallCaFile(): Promise<FileHandle | null>;
  copyFirewallReport(): Promise<void>;
  saveFirewallReport(format: 'json' | 'text'): Promise<void>;
  /** The copy-ready commands for the region and proxy on screen (nothing is run). */
  loadContainerCommands(): Promise<void>;
  /** Asks main to run the container commands on the server (main asks the admin first). */
  runInContainers(): Promise<void>;
  cancelInContainers(): Promise<void>;
  planProxyEnv(): Promise<void>;
  confirmProxyEnv(): Promise<void>;
  dismissProxyEnv(): void;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

export function checkOptionsFrom(form: FirewallForm, region: FirewallRegion): RequestOf<typeof FIREWALL_INVOKE.firewallPlan> {
  const urls = lines(form.customUrls);
  const resolve = lines(form.resolve);
  const proxy = form.direct ? 'none' : form.proxy.trim();
  return { region, urls: urls.length > 0 ? urls : undefined, resolve: resolve.length > 0 ? resolve : undefined, proxy: proxy || undefined };
}

/** The proxy typed on the screen, unless "Connect directly" is ticked ('' for none). */
export function typedProxy(form: FirewallForm): string {
  return form.direct ? '' : form.proxy.trim();
}

export const IDLE_PROXY_ENV: ProxyEnvState = { plan: { kind: 'idle' }, write: { kind: 'idle' } };

export const createFirewallSlice: StateCreator<WizardStore, [], [], FirewallSlice> = (set, get) => ({
  firewallForm: { chosenRegion: 'us', proxy: '', direct: false, customUrls: '', resolve: '', caFile: null },
  firewallPlan: { kind: 'idle' },
  firewallRun: { kind: 'idle' },
  firewallContainerCommands: { kind: 'idle' },
  firewallContainerRun: { kind: 'idle' },
  firewallReportNote: '',
  proxyEnv: IDLE_PROXY_ENV,
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
  ...runActions(set, get),
  ...reportActions(set, get),
  ...containerActions(set, get),
  ...proxyEnvActions(set, get),
});
