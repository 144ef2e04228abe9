import { CLOUD_EVENTS, CLOUD_INVOKE } from '../../main/ipc/channels/cloud-channels';
import type { CloudApplyOutput } from '../../main/ipc/contracts/cloud-contract';
import type { BridgeTransport } from '../bridge-types';

type ApplyMethod = 'restart' | 'rebuild' | 'no-pull';

/** The Cloud communication step: edit global.override.env, undo it, and apply it with a live log. */
export function createCloudApi(transport: BridgeTransport) {
  return {
    /**
     * What enabling cloud communication would change in the install: the exact diff
     * (secrets redacted), nothing written. With a URI for the other region and no `fixRegion`, the
     * plan is blocked (`blockedByRegionMismatch`) and the mismatch is in `problems`.
     */
    planEnable: (installId: string, options: { fixRegion?: boolean; addAdmin?: string } = {}) =>
      transport.invoke(CLOUD_INVOKE.cloudPlanEnable, { installId, fixRegion: options.fixRegion ?? false, ...(options.addAdmin ? { addAdmin: options.addAdmin } : {}) }),
    /**
     * Writes the change the admin confirmed (`confirmedDiff` = the plan's diff they saw), after a
     * backup. Fails with `changed-during-edit` and writes nothing when the file changed since.
     */
    enable: (installId: string, confirmedDiff: string, options: { fixRegion?: boolean; addAdmin?: string } = {}) =>
      transport.invoke(CLOUD_INVOKE.cloudEnable, { installId, confirmedDiff, fixRegion: options.fixRegion ?? false, ...(options.addAdmin ? { addAdmin: options.addAdmin } : {}) }),
    /** Backups of the env file made by this app (or the CLI), newest first. */
    listBackups: (installId: string) => transport.invoke(CLOUD_INVOKE.cloudListBackups, { installId }),
    /** Undo: puts a backup back (the newest when `backupName` is omitted); the current file is backed up first. */
    restore: (installId: string, backupName?: string) =>
      transport.invoke(CLOUD_INVOKE.cloudRestore, backupName === undefined ? { installId } : { installId, backupName }),
    /** The three ways to apply the edit, with explanations and the exact commands (nothing run). */
    planApply: (installId: string) => transport.invoke(CLOUD_INVOKE.cloudPlanApply, { installId }),
    /**
     * Runs the chosen method; output arrives through `onApplyOutput` while it runs, and the call
     * resolves with each command's exit status, the log file and the env value re-read afterwards.
     * Stop it with `app.cancelOperation(operationId)`.
     */
    apply: (installId: string, method: ApplyMethod, operationId: string) =>
      transport.invoke(CLOUD_INVOKE.cloudApplyStart, { installId, method, operationId }),
    /** Streams batches of apply output lines. Returns an unsubscribe function (call it in the effect cleanup). */
    onApplyOutput: (listener: (output: CloudApplyOutput) => void) => transport.subscribe(CLOUD_EVENTS.cloudApplyOutput, listener),
  };
}
