import { CLOUD_EVENTS, CLOUD_INVOKE } from '../../main/ipc/channels/cloud-channels';
import type { CloudApplyOutput } from '../../main/ipc/contracts/cloud-contract';
import type { RequestOf } from '../../main/ipc/contracts';
import type { BridgeTransport } from '../bridge-types';

type Request<K extends keyof typeof CLOUD_INVOKE> = RequestOf<(typeof CLOUD_INVOKE)[K]>;

/** The Cloud communication step: edit global.override.env, undo it, and apply it with a live log. */
export function createCloudApi(transport: BridgeTransport) {
  return {
    /**
     * What enabling cloud communication would change in the install: the exact diff
     * (secrets redacted), nothing written. With a URI for the other region and no `fixRegion`, the
     * plan is blocked (`blockedByRegionMismatch`) and the mismatch is in `problems`.
     */
    planEnable: (request: Request<'cloudPlanEnable'>) => transport.invoke(CLOUD_INVOKE.cloudPlanEnable, request),
    /**
     * Writes the change the admin confirmed (`confirmedDiff` = the plan's diff they saw), after a
     * backup. Fails with `changed-during-edit` and writes nothing when the file changed since.
     */
    enable: (request: Request<'cloudEnable'>) => transport.invoke(CLOUD_INVOKE.cloudEnable, request),
    /** Backups of the env file made by this app (or the CLI), newest first. */
    listBackups: (installId: string) => transport.invoke(CLOUD_INVOKE.cloudListBackups, { installId }),
    /** Undo: puts a backup back (the newest when `backupName` is omitted); the current file is backed up first. */
    restore: (request: Request<'cloudRestore'>) => transport.invoke(CLOUD_INVOKE.cloudRestore, request),
    /** The three ways to apply the edit, with explanations and the exact commands (nothing run). */
    planApply: (installId: string) => transport.invoke(CLOUD_INVOKE.cloudPlanApply, { installId }),
    /**
     * Runs the chosen method; output arrives through `onApplyOutput` while it runs, and the call
     * resolves with each command's exit status, the log file and the env value re-read afterwards.
     * Stop it with `app.cancelOperation(operationId)`.
     */
    apply: (request: Request<'cloudApplyStart'>) => transport.invoke(CLOUD_INVOKE.cloudApplyStart, request),
    /** Apply runs on the install's server that are running, or ended since anyone followed them (none on this computer). */
    applyRuns: (installId: string) => transport.invoke(CLOUD_INVOKE.cloudApplyRuns, { installId }),
    /**
     * Re-attaches to such a run: its whole log arrives through `onApplyOutput`, then the method's
     * remaining commands run; resolves like `apply`, with `attached` set.
     */
    attach: (request: Request<'cloudApplyAttach'>) => transport.invoke(CLOUD_INVOKE.cloudApplyAttach, request),
    /** Streams batches of apply output lines. Returns an unsubscribe function (call it in the effect cleanup). */
    onApplyOutput: (listener: (output: CloudApplyOutput) => void) => transport.subscribe(CLOUD_EVENTS.cloudApplyOutput, listener),
  };
}
