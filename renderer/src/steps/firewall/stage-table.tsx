import type { StageName } from '../../../../main/core/connectivity/types';
import type { Stage } from './chip-words';

/** The finished stages of one host, in the plan's order, with their time and detail. */
export function StageTable({ stageNames, stages }: { stageNames: StageName[]; stages: Stage[] }) {
  if (stages.length === 0) return <p className="muted">No stage has finished yet.</p>;
  const byName = new Map(stages.map((s) => [s.name, s]));
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Stage</th>
          <th scope="col">Result</th>
          <th scope="col">Time</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {stageNames.map((name) => {
          const stage = byName.get(name);
          if (!stage) return null;
          return (
            <tr key={name}>
              <td>{name}</td>
              <td className={`firewall-status-${stage.status}`}>{stage.status}</td>
              <td>{stage.status === 'skipped' ? '—' : `${stage.ms} ms`}</td>
              <td className="firewall-stage-detail">{stage.detail}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
