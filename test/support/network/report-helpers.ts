import type { ConnectivityReport, StageName, StageResult, TargetReport } from '../../../main/core/connectivity';

export function onlyTarget(report: ConnectivityReport): TargetReport {
  const [target] = report.targets;
  if (!target || report.targets.length !== 1) throw new Error(`expected one target, got ${report.targets.length}`);
  return target;
}

export function stageOf(target: TargetReport, name: StageName): StageResult {
  const stage = target.stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no ${name} stage in ${target.url}`);
  return stage;
}
