export { runConnectivityCheck, plannedContacts, summarise, formatDuration } from './run-check';
export type { PlannedContact } from './run-check';
export { defaultTargets } from './targets';
export type { Target } from './targets';
export { formatReportText, formatStageLine, formatTargetHeading, containerTestCommands, formatContainerTestCommands, formatContainerResults } from './format';
export type { TestCommand, TestCommandKind, ContainerTestCommands, SyncContainer } from './format';
export { SYNC_CONTAINERS } from './format';
export { runContainerTestCommands, judgeContainerCommand } from './container-check';
export type { ContainerCommandResult, ContainerCheckOptions } from './container-check';
export { containerProxyEnv, STACK_SERVICE_NAMES } from './proxy';
export type { EnvEntry } from './proxy';
export { remediationFor, allowListText, VERDICT_TITLES, MEASURED_FROM_WORDS, METHOD_WORDS } from './remediation';
export { hostLookup, parseGetentAhosts } from './host-lookup';
export type { RemediationContext } from './remediation';
export { VERDICTS, STAGE_NAMES, DEFAULT_BUDGETS, CLOCK_SKEW_WARN_MS, MEASURED_FROM, PROBE_METHODS } from './types';
export type {
  CheckVantage, ConnectivityOptions, ConnectivityReport, MeasuredFrom, ProbeMethod, LookupAddress, LookupFunction, ProgressEvent, ProxySource, Region,
  Remediation, ReportProxy, RunHooks, StageBudgets, StageName, StageResult, StageStatus, SystemProxyResolver,
  TargetReport, Verdict,
} from './types';
export { readTrustedRootFile } from './trusted-root-file';
