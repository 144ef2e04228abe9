import { z } from 'zod';
import type {
  ConnectivityReport, ContainerCommandResult, ContainerTestCommands, EnvEntry, PlannedContact, Region, StageName, StageResult, Verdict,
} from '../../core/connectivity';
import type { EnvEditPlan, EnvEditResult } from '../../core/install';
import { FIREWALL_EVENTS, FIREWALL_INVOKE } from '../channels/firewall-channels';
import type { FileHandle } from '../trust/handle-registry';
import { fileIdSchema, installIdSchema, operationIdSchema, responds } from './contract-helpers';

/** What a run is asked to check; the same fields as the `check` command's options. */
const checkOptionsSchema = z.strictObject({
  region: z.enum(['us', 'eu']).default('us'),
  /** Custom targets (advanced: a private cloud, or test servers); replace the default hosts. */
  urls: z.array(z.string().min(1).max(2048)).max(20).optional(),
  /** `HOST:ADDRESS` pins, like the CLI's --resolve. */
  resolve: z.array(z.string().min(1).max(300)).max(20).optional(),
  /** An explicit proxy URL, or `'none'` for direct; absent: the system proxy settings (incl. PAC). */
  proxy: z.string().min(1).max(2048).optional(),
});

/** One host as a row on the screen before and while it is checked. */
export interface FirewallPlannedTarget {
  url: string;
  host: string;
  port: number;
  required: boolean;
  purpose: string;
}

export interface FirewallPlan {
  region: Region;
  targets: FirewallPlannedTarget[];
  /** Exactly what will be connected to (targets, or the proxy that tunnels to them). */
  contacts: PlannedContact[];
  /** Where the proxy will come from, in words (the system settings are only asked at run time). */
  proxyNote: string;
  /** The stages every target goes through, in order (the screen reserves a chip for each). */
  stageNames: StageName[];
  /** The title of every verdict, so the screen names them as the report does. */
  verdictTitles: Record<Verdict, string>;
}

/** The report plus the commands to run on the server (as in `check --json`). */
export interface FirewallRunResult extends ConnectivityReport {
  operationId: string;
  containerTestCommands: ContainerTestCommands;
}

export interface FirewallStageEvent {
  operationId: string;
  /** The target's URL, as in the plan and the report. */
  target: string;
  stage: StageResult;
}

/** The container test commands run on the server: nothing ran when the admin said no in main's dialog. */
export interface FirewallContainerRun {
  operationId: string;
  /** The admin answered yes to main's native question. */
  confirmed: boolean;
  /** Where they ran: `user@host:port` (acting as the install's owner when the app does). */
  server: string;
  results: ContainerCommandResult[];
}

export interface FirewallContainerResultEvent {
  operationId: string;
  result: ContainerCommandResult;
}

/** The proxy entries for the containers; a password in the URL is shown as `***`. */
export interface ProxyEnvPlan extends EnvEditPlan {
  entries: EnvEntry[];
}
export interface ProxyEnvResult extends EnvEditResult {
  entries: EnvEntry[];
}

export const firewallContract = {
  [FIREWALL_INVOKE.firewallPlan]: { request: checkOptionsSchema, response: responds<FirewallPlan>() },
  [FIREWALL_INVOKE.firewallRun]: {
    request: checkOptionsSchema.extend({
      operationId: operationIdSchema,
      /** A root certificate (PEM file) chosen in main, trusted for this run only. */
      caFileId: fileIdSchema.optional(),
      timeoutMs: z.number().int().min(1).max(120_000).optional(),
    }),
    response: responds<FirewallRunResult>(),
  },
  [FIREWALL_INVOKE.firewallContainerCommands]: {
    request: z.object({ region: z.enum(['us', 'eu']).default('us'), proxy: z.string().min(1).max(2048).optional() }),
    response: responds<ContainerTestCommands>(),
  },
  [FIREWALL_INVOKE.firewallRunInContainers]: {
    // Main builds the commands from the region (the renderer names no program); cancel with operationCancel.
    request: z.strictObject({ operationId: operationIdSchema, region: z.enum(['us', 'eu']) }),
    response: responds<FirewallContainerRun>(),
  },
  [FIREWALL_INVOKE.firewallPlanProxyEnv]: {
    request: z.object({ installId: installIdSchema, proxy: z.string().min(1).max(2048) }),
    response: responds<ProxyEnvPlan>(),
  },
  [FIREWALL_INVOKE.firewallWriteProxyEnv]: {
    // The diff the admin confirmed: if the file now gives another one, nothing is written.
    request: z.object({ installId: installIdSchema, proxy: z.string().min(1).max(2048), confirmedDiff: z.string().min(1).max(2_000_000) }),
    response: responds<ProxyEnvResult>(),
  },
  [FIREWALL_INVOKE.firewallSaveReport]: {
    request: z.object({ format: z.enum(['json', 'text']) }),
    response: responds<{ saved: boolean; path: string | null }>(),
  },
  [FIREWALL_INVOKE.firewallCopyReport]: { request: z.undefined(), response: responds<{ copied: boolean }>() },
  [FIREWALL_INVOKE.firewallPickCaFile]: { request: z.undefined(), response: responds<{ file: FileHandle | null }>() },
};

export interface FirewallEventContract {
  [FIREWALL_EVENTS.firewallStage]: FirewallStageEvent;
  [FIREWALL_EVENTS.firewallContainerResult]: FirewallContainerResultEvent;
}
