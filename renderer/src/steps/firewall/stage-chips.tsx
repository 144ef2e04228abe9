import type { StageName } from '../../../../main/core/connectivity/types';
import { CHIP_LABEL, CHIP_MARK, type ChipStatus, type Stage } from './chip-words';

/** A chip per stage, reserved from the start (rows keep their size while results stream in). */
export function StageChips({ host, stageNames, stages, running }: { host: string; stageNames: StageName[]; stages: Stage[]; running: boolean }) {
  const byName = new Map(stages.map((s) => [s.name, s]));
  const nextStage = stageNames.find((name) => !byName.has(name));
  const statusOf = (name: StageName): ChipStatus => byName.get(name)?.status ?? (running && name === nextStage ? 'running' : 'pending');
  return (
    <ol className="firewall-chips" aria-label={`Stages for ${host}`}>
      {stageNames.map((name) => {
        const status = statusOf(name);
        return (
          <li key={name} className={`chip chip-${status}`} data-stage={name} data-status={status}>
            <span aria-hidden="true">{CHIP_MARK[status]} </span>
            {name} <span className="visually-hidden">{CHIP_LABEL[status]}</span>
          </li>
        );
      })}
    </ol>
  );
}
