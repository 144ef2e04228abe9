import { CLOUD_EVENTS, CLOUD_INVOKE } from '../../main/ipc/channels/cloud-channels';
import type { CloudApplyOutput } from '../../main/ipc/contracts/cloud-contract';
import type { BridgeTransport } from '../bridge-types';

type ApplyMethod = 'restart' | 'rebuild' | 'no-pull';

/** The Cloud communication step: edit global.override.env, undo it, and apply it with a live log. */
export function createCloudApi(transport: BridgeTransport) {
  return {
    /**
     * What enabling cloud communication would change in the install at `folder`: the exact diff
     * (secrets redacted), nothing written. With a URI for the other region and no `fixRegion`, the
     * plan is blocked (`blockedByRegionMismatch`) and the mismatch is in `problems`.
     */
    planEnable: (folder: string, options: { fixRegion?: boolean } = {}) =>
      transport.invoke(CLOUD_INVOKE.cloudPlanEnable, { folder, fixRegion: options.fixRegion ?? false }),
    /**
     * Writes the change the admin confirmed (`confirmedDiff` = the plan's diff they saw), after a
     * backup. Fails with `changed-during-edit` and writes nothing when the file changed since.
     */
    enable: (folder: string, confirmedDiff: string, options: { fixRegion?: boolean } = {}) =>
      transport.invoke(CLOUD_INVOKE.cloudEnable, { folder, confirmedDiff, fixRegion: options.fixRegion ?? false }),
    /** Backups of the env file made by this app (or the CLI), newest first. */
    listBackups: (folder: string) => transport.invoke(CLOUD_INVOKE.cloudListBackups, { folder }),
    /** Undo: puts a backup back (the newest when `backupPath` is omitted); the current file is backed up first. */
    restore: (folder: string, backupPath?: string) =>
      transport.invoke(CLOUD_INVOKE.cloudRestore, backupPath === undefined ? { folder } : { folder, backupPath }),
    /** The three ways to apply the edit, with explanations and the exact commands (nothing run). */
    planApply: (folder: string) => transport.invoke(CLOUD_INVOKE.cloudPlanApply, { folder }),
    /**
     * Runs the chosen method; output arrives through `onApplyOutput` while it runs, and the call
     * resolves with each command's exit status, the log file and the env value re-read afterwards.
     * Stop it with `app.cancelOperation(operationId)`.
     */
    apply: (folder: string, method: ApplyMethod, operationId: string) =>
      transport.invoke(CLOUD_INVOKE.cloudApplyStart, { folder, method, operationId }),
    /** Streams batches of apply output lines. Returns an unsubscribe function (call it in the effect cleanup). */
    onApplyOutput: (listener: (output: CloudApplyOutput) => void) => transport.subscribe(CLOUD_EVENTS.cloudApplyOutput, listener),
  };
}
