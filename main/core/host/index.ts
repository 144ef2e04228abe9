export { createLocalHost } from './local-host';
export { createHostDispatcher } from './host-dispatcher';
export type { HostDispatcherOptions } from './host-dispatcher';
export { HostConnectError, HostError, isHostError } from './host';
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
  HostStat,
} from './host';
export { superviseRun } from './run-supervisor';
export type { RunStopSignal, RunSupervisor, RunSupervisorOptions } from './run-supervisor';
