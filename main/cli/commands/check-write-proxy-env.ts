import { containerProxyEnv } from '../../core/connectivity';
import { updateEnvValues } from '../../core/install';
import { redactUrlCredentials } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { hostArgsText, withCommandHost } from '../host-options';
import type { OptionsOf } from '../program';
import type { CheckCommand } from './check-command';

/** `check --write-proxy-env`: gives --proxy to the containers in global.override.env (contacts nothing). */
export async function writeProxyEnv(options: OptionsOf<CheckCommand>, context: CliContext, usage: (message: string) => Error): Promise<0> {
  if (!options.bwdata && !options.server) throw usage('--write-proxy-env needs --bwdata DIR (the install whose containers get the proxy).');
  if (typeof options.proxy !== 'string') throw usage('--write-proxy-env needs --proxy URL (the proxy the containers should use).');
  if (options.url || options.resolve || options.ca || options.timeoutMs !== undefined) {
    throw usage('--write-proxy-env only takes --bwdata, --proxy, --dry-run and --json (it contacts nothing).');
  }
  if (options.inContainers) {
    throw usage('--in-containers goes with a check, not with --write-proxy-env.');
  }
  const entries = containerProxyEnv(options.proxy);
  const result = await withCommandHost(options, context, ({ host, bwdata }) =>
    updateEnvValues(host, bwdata, Object.fromEntries(entries.map((e) => [e.key, e.value])), { dryRun: Boolean(options.dryRun) }),
  );
  // The env editor redacts secret-named keys only; a proxy password sits inside a URL value, so redact those too.
  const diff = redactUrlCredentials(result.diff);
  const shownEntries = entries.map((e) => ({ key: e.key, value: e.key === 'NO_PROXY' ? e.value : redactUrlCredentials(e.value, { schemeless: true }) }));
  const lines: string[] = [];
  if (diff) lines.push(diff.trimEnd());
  if (!result.changed) lines.push(`The containers' proxy variables in ${result.file} already say this; nothing changed.`);
  else if (result.dryRun) lines.push(`Dry run: ${result.file} was not written.`);
  else {
    lines.push(
      `Wrote ${result.file}.`,
      `Backup: ${result.backup}`,
      `Apply it (the containers read these at start): sponsorship-setup apply ${hostArgsText(options)}`,
    );
  }
  for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
  context.result({ ok: true, ...result, diff, entries: shownEntries }, lines.join('\n'));
  return 0;
}
