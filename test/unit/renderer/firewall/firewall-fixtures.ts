import { containerTestCommands, STAGE_NAMES, type ContainerCommandResult } from '../../../../main/core/connectivity';
import type { StageResult, Verdict } from '../../../../main/core/connectivity/types';
import type { HandlerContext } from '../../../../main/ipc/handler-table';
import type { FirewallContainerRun, FirewallRunResult } from '../../../../main/ipc/contracts/firewall-contract';
import { EVENTS } from '../../../../main/ipc/channels';

/** A finished stage as main streams it. */
export function stage(name: StageResult['name'], status: StageResult['status'], detail = `${name} ${status}`): StageResult {
  return { name, status, ms: status === 'skipped' ? 0 : 12, detail };
}

/** Every stage of one target: the ones before `failedAt` pass, it fails, the rest are skipped. */
export function stagesFailingAt(failedAt?: StageResult['name']): StageResult[] {
  const at = failedAt ? STAGE_NAMES.indexOf(failedAt) : STAGE_NAMES.length;
  return STAGE_NAMES.map((name, index) => stage(name, index < at ? 'pass' : index === at ? 'fail' : 'skipped'));
}

/** The US hosts with a verdict each, as the run handler would report them (measured from `measuredFrom`). */
export function reportFor(
  operationId: string,
  verdicts: Record<string, Verdict>,
  options: { noOutboundPath?: boolean; measuredFrom?: 'this-computer' | 'server' } = {},
): FirewallRunResult {
  const hosts: Array<[string, boolean]> = [
    ['api.bitwarden.com', true],
    ['identity.bitwarden.com', true],
    ['push.bitwarden.com', false],
  ];
  const targets = hosts.map(([host, required]) => {
    const verdict = verdicts[host] ?? 'ok';
    return {
      url: `https://${host}/alive`,
      host,
      port: 443,
      required,
      verdict,
      failedStage: verdict === 'ok' ? undefined : ('tcp' as const),
      stages: stagesFailingAt(verdict === 'ok' ? undefined : 'tcp'),
      remediation: { admin: `Admin fix for ${host}`, network: `Allow ${host}:443 outbound` },
      measuredFrom: options.measuredFrom ?? ('this-computer' as const),
      method: options.measuredFrom === 'server' ? ('forward' as const) : ('local' as const),
    };
  });
  const ok = targets.every((t) => t.verdict === 'ok' || !t.required);
  return {
    operationId,
    ok,
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:00:02.500Z',
    durationMs: 2500,
    region: 'us',
    proxy: { source: 'none', detail: 'direct connections' },
    targets,
    noOutboundPath: options.noOutboundPath ?? false,
    summary: ok ? 'Every required host is reachable.' : 'Some required hosts are not reachable.',
    containerTestCommands: containerTestCommands('us'),
  };
}

/** What runContainerTestCommands gives for the US commands: bitwarden-api passes, bitwarden-admin is stopped. */
export function containerResults(): ContainerCommandResult[] {
  return containerTestCommands('us')
    .commands.filter((c) => c.where !== 'host')
    .map((c) => {
      const running = c.where === 'bitwarden-api';
      return {
        container: c.where as ContainerCommandResult['container'],
        title: c.title,
        command: c.command,
        proves: c.proves,
        url: c.url,
        measuredFrom: 'container' as const,
        method: 'exec' as const,
        status: running ? ('pass' as const) : ('fail' as const),
        exitCode: running ? 0 : 1,
        finding: running ? `found by ${c.title}` : 'docker exec failed: Error response from daemon: container bitwarden-admin is not running',
        output: [],
      };
    });
}

/** A handler whose answer the test releases; it may stream events first through the context it was given. */
export function heldHandler<Request, Value>() {
  let release: ((value: Value) => void) | undefined;
  let context: HandlerContext | undefined;
  const requests: Request[] = [];
  const handler = async (given: Request, ctx: HandlerContext): Promise<Value> => {
    requests.push(given);
    context = ctx;
    return new Promise<Value>((resolve) => (release = resolve));
  };
  return {
    handler,
    /** Every request it was called with, in order (the latest is the one `release` answers). */
    requests,
    emit(...args: Parameters<HandlerContext['emit']>) {
      context!.emit(...args);
    },
    release(value: Value) {
      release!(value);
    },
  };
}

export type ContainerRunHeld = ReturnType<typeof heldHandler<{ operationId: string; region: 'us' | 'eu' }, FirewallContainerRun>>;
export { EVENTS };
