import { z } from 'zod';
import type { EnableCloudPlan, EnvBackup, EnvEditResult, RestoreResult } from '../../core/install';
import type { ApplyMethod, ApplyResult, ApplyRun } from '../../core/runner';
import type { Problem } from '../../core/shared';
import { CLOUD_EVENTS, CLOUD_INVOKE } from '../channels/cloud-channels';
import { installIdSchema, operationIdSchema, responds } from './contract-helpers';

const methodSchema = z.enum(['restart', 'rebuild', 'no-pull']);
/** The e-mail to put in an empty adminSettings__admins in the same edit (the core checks its form). */
const adminEmailSchema = z.string().min(3).max(256);

/** One way to apply the edit, worked out for this install (nothing run). */
export interface ApplyMethodOption {
  method: ApplyMethod;
  title: string;
  explain: string;
  /** Each command as an argument array, exactly as it would be spawned. */
  commands: string[][];
  /** The same as one line to copy into a terminal in `cwd` (`cd … && …`). */
  copyCommand: string;
  cwd: string;
  /** The user the commands run as when the app runs as root, else `null`. */
  runAsUser: string | null;
  /** Why this method cannot run here (e.g. `script-missing`), or `null`. */
  unavailable: Problem | null;
}

export interface ApplyPlanOptions {
  /** In the order to show; the first is the default. */
  methods: ApplyMethodOption[];
}

/** What an apply ended with: the runner's result plus when it ran, for the screen. */
export interface CloudApplySummary extends ApplyResult {
  operationId: string;
  startedAt: number;
  endedAt: number;
  /** Set when this was a run started earlier (by another process) and followed here to its end. */
  attached?: ApplyRun;
}

/** Apply runs on the install's server that the admin should see: running, or ended unseen. */
export interface CloudApplyRuns {
  runs: ApplyRun[];
}

/** A run id as the server records it (checked again in core before it names a folder). */
const runIdSchema = z.string().regex(/^\d{8}-\d{6}-[A-Za-z0-9]{6}$/);

/** A line of a running apply. `info` lines are the app's own notes (a command starting or ending). */
export interface CloudApplyLine {
  stream: 'stdout' | 'stderr' | 'info';
  text: string;
  at: number;
  /** Index into the plan's commands. */
  commandIndex: number;
}

export interface CloudApplyOutput {
  operationId: string;
  lines: CloudApplyLine[];
}

export const cloudContract = {
  [CLOUD_INVOKE.cloudPlanEnable]: {
    request: z.strictObject({ installId: installIdSchema, fixRegion: z.boolean().default(false), addAdmin: adminEmailSchema.optional() }),
    response: responds<EnableCloudPlan>(),
  },
  [CLOUD_INVOKE.cloudEnable]: {
    // The diff the admin confirmed: if the file now gives another one, nothing is written.
    request: z.strictObject({ installId: installIdSchema, fixRegion: z.boolean().default(false), addAdmin: adminEmailSchema.optional(), confirmedDiff: z.string().min(1).max(2_000_000) }),
    response: responds<EnvEditResult>(),
  },
  [CLOUD_INVOKE.cloudListBackups]: { request: z.strictObject({ installId: installIdSchema }), response: responds<EnvBackup[]>() },
  [CLOUD_INVOKE.cloudRestore]: {
    // A backup by name, one of those listed beside the env file; never a path from the page.
    request: z.strictObject({ installId: installIdSchema, backupName: z.string().min(1).max(255).optional() }),
    response: responds<RestoreResult>(),
  },
  [CLOUD_INVOKE.cloudPlanApply]: { request: z.strictObject({ installId: installIdSchema }), response: responds<ApplyPlanOptions>() },
  [CLOUD_INVOKE.cloudApplyStart]: {
    request: z.strictObject({ installId: installIdSchema, method: methodSchema, operationId: operationIdSchema }),
    response: responds<CloudApplySummary>(),
  },
  [CLOUD_INVOKE.cloudApplyRuns]: { request: z.strictObject({ installId: installIdSchema }), response: responds<CloudApplyRuns>() },
  [CLOUD_INVOKE.cloudApplyAttach]: {
    request: z.strictObject({ installId: installIdSchema, runId: runIdSchema, operationId: operationIdSchema }),
    response: responds<CloudApplySummary>(),
  },
};

export interface CloudEventContract {
  [CLOUD_EVENTS.cloudApplyOutput]: CloudApplyOutput;
}
