export { createLocalHost } from './local-host';
export { createHostDispatcher } from './host-dispatcher';
export type { HostDispatcherOptions } from './host-dispatcher';
export { HostConnectError, HostError, isHostError } from './host';
export { describeHolder, lockFolderFor, LOCK_STALE_MS } from './local-lock';
export type {
  Host,
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
  HostRunResult,
  HostStat,
} from './host';
