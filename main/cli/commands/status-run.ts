import { formatInstallStatusText, readInstallStatus } from '../../core/install';
import { withCommandHost } from '../host-options';
import type { CommandAction } from '../program';
import type { StatusCommand } from './status-command';

export const run: CommandAction<StatusCommand> = async (options, context) => {
  const status = await withCommandHost(options, context, ({ host, bwdata }) => readInstallStatus(host, bwdata));
  context.result(status, formatInstallStatusText(status));
  // `status` is a report: findings do not fail it; only an unreadable install does (thrown above).
  return 0;
};
