import type { ApplyRun } from '../../../../main/core/runner';
import type { CloudApplyOutput, CloudApplySummary } from '../../../../main/ipc/contracts/cloud-contract';
import type { ServerStatus } from '../../../../main/ipc/contracts/server-contract';
import { useServerStore } from '../../../../renderer/src/state/server-store';
import { installFakeBridge, ok, type FakeBridgeAnswers } from '../support/fake-bridge';
import { INSTALL_HANDLE, installInspection } from '../steps/license-fixtures';

export const SSH_STATUS: ServerStatus = { kind: 'ssh', label: 'admin@vault.example.org', serverName: 'prod', actingAs: 'bitwarden', hostKeyConfirmed: true };
export const SERVER_WORDS = 'prod (admin@vault.example.org)';

/** A run as main lists it for the install: a restart another session left on the server. */
export function leftRun(change: Partial<ApplyRun> = {}): ApplyRun {
  return {
    id: '20261202-011503-Ab12Cd',
    applyId: null,
    method: 'restart',
    commandIndex: 0,
    commandCount: 1,
    argv: ['/opt/bitwarden/bitwarden.sh', 'restart'],
    state: 'running',
    exitCode: null,
    signal: null,
    startedAt: '2026-12-02T01:15:03.000Z',
    endedAt: null,
    seen: false,
    logPath: '/home/bitwarden/.local/state/sponsorship-setup/runs/20261202-011503-Ab12Cd/log',
    ...change,
  };
}

/** What main answers when the followed run ended. */
export function attachedSummary(run: ApplyRun, ended: 'ok' | 'failed'): CloudApplySummary {
  const ok = ended === 'ok';
  return {
    method: run.method,
    commands: [{ argv: run.argv, exitCode: ok ? 0 : 1, signal: null, cancelled: false, timedOut: false, durationMs: 1000 }],
    ok,
    logFile: '/logs/apply-attach.log',
    cloudCommunicationAfter: true,
    problems: ok ? [] : [{ code: 'command-failed', message: 'bitwarden.sh restart exited with code 1.' }],
    operationId: 'op',
    startedAt: Date.parse(run.startedAt),
    endedAt: Date.parse(run.startedAt) + 1000,
    attached: run,
  };
}

/** A promise the test settles when it wants (a run that is still going). */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

/**
 * The bridge for an install on a server over SSH with `runs` left on it. The attach answers when the
 * test resolves `attach`; its output listener is kept in `output` so the test can stream lines.
 */
export function installServerBridge(runs: ApplyRun[], extra: FakeBridgeAnswers = {}) {
  const attach = deferred<CloudApplySummary>();
  const output: { listener: ((batch: CloudApplyOutput) => void) | null } = { listener: null };
  const bridge = installFakeBridge({
    server: { useInstall: async () => ok({ install: { ...INSTALL_HANDLE, confirmed: true }, status: SSH_STATUS }) },
    install: { inspect: async () => ok(installInspection()) },
    cloud: {
      // Each answer a fresh copy, as it arrives over IPC.
      applyRuns: async () => ok({ runs: runs.map((run) => ({ ...run })) }),
      attach: async (request) => {
        const summary = await attach.promise;
        return ok({ ...summary, operationId: request.operationId });
      },
      onApplyOutput: (listener) => {
        output.listener = listener;
        return () => (output.listener = null);
      },
      planEnable: async () => ok({ changed: false, file: '/opt/bitwarden/bwdata/env/global.override.env', diff: '', problems: [], blockedByRegionMismatch: false }),
      planApply: async () => ok({ methods: [] }),
      ...extra.cloud,
    },
    ...Object.fromEntries(Object.entries(extra).filter(([name]) => name !== 'cloud')),
  });
  return { bridge, attach, output };
}

/** The Connect step's "read the install on the server": the server store as the Connect form drives it. */
export async function openInstallOnServer(): Promise<void> {
  useServerStore.setState({ where: 'ssh', status: SSH_STATUS, phase: 'connected' });
  await useServerStore.getState().chooseInstall(INSTALL_HANDLE.folder);
}
