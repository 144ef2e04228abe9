export { APPLY_METHODS, APPLY_METHOD_NAMES } from './apply-methods';
export type { ApplyMethod, ApplyMethodInfo } from './apply-methods';
export { applyConfiguration, planApplyConfiguration } from './apply-configuration';
export type { ApplyOptions, ApplyOutputLine, ApplyPlan, ApplyProblemCode, ApplyResult, CommandRun, PlannedCommand } from './apply-configuration';
export { attachApplyRun, listApplyRuns } from './apply-runs';
export type { ApplyRun, AttachApplyOptions, AttachedApplyResult } from './apply-runs';
export { commandRunStatusText } from './command-run-status';
