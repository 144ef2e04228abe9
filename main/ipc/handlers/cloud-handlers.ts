import { redactEnvLine } from '../../core/env-file';
import { enableCloud, listEnvBackups, planEnableCloud, restoreEnvBackup } from '../../core/install';
import { APPLY_METHODS, APPLY_METHOD_NAMES, applyConfiguration, commandRunStatusText, planApplyConfiguration, type ApplyMethod } from '../../core/runner';
import { CoreError, shellQuote } from '../../core/shared';
import { INVOKE } from '../channels';
import { newLogFile, outputBatcher } from './apply-output';
import { applyRunHandlers } from './apply-run-handlers';
import type { ApplyMethodOption } from '../contracts/cloud-contract';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { createTrust, installFolder, type Trust } from '../trust';
import type { ValueOf } from '../channels';
import type { CLOUD_INVOKE } from '../channels/cloud-channels';

type CloudChannels = ValueOf<typeof CLOUD_INVOKE>;

export interface CloudHandlerOptions {
  /** Passed to the runner (tests shorten them). */
  idleTimeoutMs?: number;
  killGraceMs?: number;
}

export function cloudHandlers(services: AppServices, options: CloudHandlerOptions = {}, trust: Trust = createTrust()): Pick<HandlerTable, CloudChannels> {
  const read = (installId: string) => installFolder(services, trust, installId, 'read');
  return {
    ...applyRunHandlers(services, options, trust),
    [INVOKE.cloudPlanEnable]: async ({ installId, fixRegion, addAdmin }) => {
      const folder = await read(installId);
      return withCliHint(folder, 'enable-cloud', () => planEnableCloud(services.host, folder, { fixRegion, addAdmin: addAdmin || undefined }));
    },
    [INVOKE.cloudEnable]: async ({ installId, fixRegion, addAdmin, confirmedDiff }) => {
      const folder = await installFolder(services, trust, installId, 'write');
      return withCliHint(folder, 'enable-cloud', async () => {
        // What is written must be what the admin saw. The core write itself still refuses a file that
        // changes between its own read and write (changed-during-edit).
        const admin = addAdmin ? { addAdmin } : {};
        const now = await enableCloud(services.host, folder, { fixRegion, ...admin, dryRun: true });
        if (now.diff !== confirmedDiff) {
          throw new CoreError(
            'changed-during-edit',
            `${now.file} changed since the diff was shown (another program or person saved it). Nothing was written; look at the new diff and confirm again.`,
            'problem',
            { path: now.file },
          );
        }
        const result = await enableCloud(services.host, folder, { fixRegion, ...admin });
        services.log(`[cloud] enable cloud communication in ${result.file}: ${result.changed ? `written, backup ${result.backup}` : 'already set'}`);
        return result;
      });
    },
    [INVOKE.cloudListBackups]: async ({ installId }) => {
      const folder = await read(installId);
      return withCliHint(folder, 'restore-env', () => listEnvBackups(services.host, folder));
    },
    [INVOKE.cloudRestore]: async ({ installId, backupName }) => {
      const folder = await installFolder(services, trust, installId, 'write');
      return withCliHint(folder, 'restore-env', async () => {
        const backupPath = backupName === undefined ? undefined : await listedBackup(services, folder, backupName);
        const result = await restoreEnvBackup(services.host, folder, backupPath);
        services.log(`[cloud] restored ${result.file} from ${result.restoredFrom}${result.backup ? `, previous content in ${result.backup}` : ''}`);
        return result;
      });
    },
    [INVOKE.cloudPlanApply]: async ({ installId }) => {
      const folder = await read(installId);
      return withCliHint(folder, 'apply', async () => ({
        methods: await Promise.all(APPLY_METHOD_NAMES.map((method) => planMethod(services, folder, method))),
      }));
    },
    [INVOKE.cloudApplyStart]: async ({ installId, method, operationId }, context) => {
      // bitwarden.sh and docker compose run only for an install the admin chose in main.
      const folder = await installFolder(services, trust, installId, 'run');
      return withCliHint(folder, `apply --method ${method}`, async () => {
        const signal = context.trackOperation(operationId);
        const output = outputBatcher(context, operationId);
        try {
          const logFile = await newLogFile(services.paths.logs, `apply-${method}`);
          const plan = await planApplyConfiguration(services.host, folder, method);
          const startedAt = Date.now();
          services.log(`[cloud] apply ${method} in ${plan.cwd} (operation ${operationId}), log ${logFile}`);
          let lastCommand = -1;
          const announce = (index: number, at: number) => {
            while (lastCommand < index) {
              lastCommand++;
              output.push({ stream: 'info', text: `$ ${plan.commands[lastCommand]?.argv.join(' ') ?? ''}`, at, commandIndex: lastCommand });
            }
          };
          announce(0, startedAt);
          const result = await applyConfiguration(services.host, folder, {
            method,
            signal,
            logFilePath: logFile,
            idleTimeoutMs: options.idleTimeoutMs,
            killGraceMs: options.killGraceMs,
            onLine: (line) => {
              announce(line.commandIndex, line.at);
              // Secrets never cross IPC: env-looking lines (e.g. from `printenv`) are redacted.
              output.push({ stream: line.stream, text: redactEnvLine(line.text), at: line.at, commandIndex: line.commandIndex });
            },
          });
          result.commands.forEach((run, index) => {
            announce(index, Date.now());
            output.push({ stream: 'info', text: `${run.argv.join(' ')} ended: ${commandRunStatusText(run)}${run.cancelled ? ' (cancelled)' : ''}`, at: Date.now(), commandIndex: index });
          });
          services.log(`[cloud] apply ${method} ended: ${result.ok ? 'ok' : result.problems.map((p) => p.code).join(', ')}`);
          return { ...result, operationId, startedAt, endedAt: Date.now() };
        } finally {
          output.close();
          context.cancelOperation(operationId);
        }
      });
    },
  };
}

/** A backup named by the screen must be one listed beside this install's env file. */
async function listedBackup(services: AppServices, folder: string, backupName: string): Promise<string> {
  const found = (await listEnvBackups(services.host, folder)).find((backup) => backup.name === backupName);
  if (!found) throw new CoreError('unknown-backup', `${backupName} is not a backup of this install's env file.`, 'unusable-input');
  return found.path;
}

async function planMethod(services: AppServices, folder: string, method: ApplyMethod): Promise<ApplyMethodOption> {
  const info = APPLY_METHODS[method];
  try {
    const plan = await planApplyConfiguration(services.host, folder, method);
    const commands = plan.commands.map((command) => command.argv);
    return {
      method,
      title: info.title,
      explain: info.explain,
      commands,
      copyCommand: [`cd ${shellQuote(plan.cwd)}`, ...commands.map((argv) => argv.map(shellQuote).join(' '))].join(' && '),
      cwd: plan.cwd,
      runAsUser: plan.runAsUser,
      unavailable: null,
    };
  } catch (error) {
    // A method that cannot run here (no bitwarden.sh) is shown disabled with why; anything else
    // (not an install at all) fails the whole call.
    if (error instanceof CoreError && error.code === 'script-missing') {
      return { method, title: info.title, explain: info.explain, commands: [], copyCommand: '', cwd: folder, runAsUser: null, unavailable: { code: error.code, message: error.message } };
    }
    throw error;
  }
}

/**
 * The desktop app cannot run as root: on `permission-denied` the command to copy (which the dispatcher
 * words) is the CLI command for this very task, not just `status`.
 */
export async function withCliHint<T>(folder: string, command: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CoreError && error.code === 'permission-denied') {
      const [name, ...rest] = command.split(' ');
      const cli = [`sudo sponsorship-setup ${name} --bwdata ${shellQuote(folder)}`, ...rest].join(' ');
      throw new CoreError('permission-denied', error.message, error.outcome, { ...error.details, command: cli }, { ...error.fix, runAsOwner: true });
    }
    throw error;
  }
}
