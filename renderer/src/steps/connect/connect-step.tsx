import { StepHeader } from '../../components/step-header';
import { ConnectionsPanel } from './connections-panel';
import { GuidedStart } from '../guided/guided-start';
import { InstallSection } from './install-section';

export function ConnectStep() {
  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="connect" />
      <InstallSection />
      <ConnectionsPanel />
      <GuidedStart />
    </section>
  );
}
