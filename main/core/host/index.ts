export { createLocalHost } from './local-host';
export { HostError, isHostError } from './host';
export type {
  Host,
  HostDirectoryEntry,
  HostErrorCode,
  HostIdentity,
  HostOutputLine,
  HostPathKind,
  HostRunRequest,
  HostRunResult,
  HostStat,
} from './host';
