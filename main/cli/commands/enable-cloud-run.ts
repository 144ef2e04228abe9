import { enableCloud, type EnvEditResult } from '../../core/install';
import { CoreError } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { hostArgsText, withCommandHost } from '../host-options';
import type { CommandAction, OptionsOf } from '../program';
import type { EnableCloudCommand } from './enable-cloud-command';

export const run: CommandAction<EnableCloudCommand> = async (options, context) => {
  let result;
  try {
    result = await withCommandHost(options, context, ({ host, bwdata }) =>
      enableCloud(host, bwdata, {
        dryRun: Boolean(options.dryRun),
        fixRegion: Boolean(options.fixRegion),
        addAdmin: options.addAdmin,
      }),
    );
  } catch (error) {
    // region-mismatch and changed-during-edit leave the file untouched: still one document with the
    // usual fields, so scripts read `changed`/`backup` the same way on every path.
    if (error instanceof CoreError && error.outcome === 'problem') return reportUnchanged(error, options, context);
    throw error;
  }
  context.result({ ok: true, ...result }, resultText(result, options));
  return 0;
};

function reportUnchanged(error: CoreError, options: OptionsOf<EnableCloudCommand>, context: CliContext): 1 {
  const backup = typeof error.details?.['backup'] === 'string' ? error.details['backup'] : null;
  const file = typeof error.details?.['file'] === 'string' ? error.details['file'] : typeof error.details?.['path'] === 'string' ? error.details['path'] : null;
  context.log(`[enable-cloud] error [${error.code}]: ${error.message}`);
  if (error.code === 'region-mismatch') context.log('[enable-cloud] run again with --fix-region to correct the URIs as well.');
  context.result(
    { ok: false, changed: false, file, backup, diff: '', dryRun: Boolean(options.dryRun), problems: [], error: { code: error.code, message: error.message } },
    '',
  );
  return 1;
}

function resultText(result: EnvEditResult, options: OptionsOf<EnableCloudCommand>): string {
  const lines: string[] = [];
  if (result.diff) lines.push(result.diff.trimEnd());
  if (result.admins) lines.push(result.admins.note);
  if (!result.changed) lines.push(`Cloud communication is already enabled in ${result.file}; nothing changed.`);
  else if (result.dryRun) lines.push(`Dry run: ${result.file} was not written.`);
  else lines.push(`Wrote ${result.file}.`, `Backup: ${result.backup}`, `Apply it: sponsorship-setup apply ${hostArgsText(options)}`);
  for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
  return lines.join('\n');
}
