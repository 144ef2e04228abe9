import { StepHeader } from '../../components/step-header';
import { ConnectionsPanel } from './connections-panel';
import { GuidedStart } from '../guided/guided-start';
import { InstallSection } from './install-section';
import { ServerChooser } from './server-chooser';

export function ConnectStep() {
  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="connect" />
      <ServerChooser />
      <InstallSection />
      <ConnectionsPanel />
      <GuidedStart />
    </section>
  );
}
