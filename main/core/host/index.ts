export { createLocalHost } from './local-host';
// createHostDispatcher (./host-dispatcher) is imported from its own file: it loads undici, which
// nothing that only reads or edits an install should pay for (the CLI's `status --host` start-up).
export { HostConnectError, HostError, HostLockBusyError, isHostError } from './host';
export { describeHolder, lockFolderFor, LOCK_STALE_MS } from './local-lock';
export type {
  Host,
  HostAttachRequest,
  HostDirectoryEntry,
  HostErrorCode,
  HostIdentity,
  HostLock,
  HostLockHolder,
  HostLockOptions,
  HostOutputLine,
  HostPathKind,
  HostReadAhead,
  HostRunRequest,
  HostRunRecord,
  HostRunRecording,
  HostRunResult,
  HostRunStarted,
  HostStat,
} from './host';
export { superviseRun } from './run-supervisor';
export type { RunStopSignal, RunSupervisor, RunSupervisorOptions } from './run-supervisor';
