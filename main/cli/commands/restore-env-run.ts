import { restoreEnvBackup } from '../../core/install';
import { withCommandHost } from '../host-options';
import type { CommandAction } from '../program';
import type { RestoreEnvCommand } from './restore-env-command';

export const run: CommandAction<RestoreEnvCommand> = async (options, context) => {
  const result = await withCommandHost(options, context, ({ host, bwdata }) => restoreEnvBackup(host, bwdata, options.backup));
  const lines: string[] = [];
  if (result.diff) lines.push(result.diff.trimEnd());
  if (result.changed) lines.push(`Restored ${result.file} from ${result.restoredFrom}.`, `The content it replaced is in ${result.backup}.`);
  else lines.push(`${result.file} already holds the content of ${result.restoredFrom}; nothing changed.`);
  for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
  context.result({ ok: true, ...result }, lines.join('\n'));
  return 0;
};
