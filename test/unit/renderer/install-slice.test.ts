import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstallInspection } from '../../../main/ipc';
import { knownInstall } from '../../../renderer/src/state/install-slice';
import { useWizardStore } from '../../../renderer/src/state/wizard-store';

type InspectAnswer = { ok: true; value: InstallInspection } | { ok: false; error: { kind: 'problem'; code: string; message: string } };

/** Each inspect call waits until the test answers it, so the in-between state can be looked at. */
const pending: Array<{ installId: string; answer: (value: InspectAnswer) => void }> = [];
const inspection = (installationId: string) => ({ installationId, cloudCommunication: false, problems: [] }) as unknown as InstallInspection;

beforeEach(() => {
  pending.length = 0;
  (globalThis as { window?: unknown }).window = {
    sponsorship: {
      install: {
        inspect: (installId: string) => new Promise<InspectAnswer>((answer) => pending.push({ installId, answer })),
      },
    },
  };
  useWizardStore.setState({ install: { kind: 'none' } });
});
afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

/** Install handles as main issues them: an id per folder, the folder only to show. */
const OPT = { installId: 'id-opt', folder: '/opt/bitwarden' };
const OTHER = { installId: 'id-other', folder: '/srv/other' };

async function answer(index: number, value: InspectAnswer) {
  pending[index]?.answer(value);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('install slice', () => {
  it('keeps the previous reading while the same folder is re-read, then shows the new one', async () => {
    const store = useWizardStore.getState();
    void store.inspectInstall(OPT);
    expect(useWizardStore.getState().install).toEqual({ kind: 'reading', folder: '/opt/bitwarden', installId: 'id-opt' });
    expect(knownInstall(useWizardStore.getState().install)).toBeNull();
    await answer(0, { ok: true, value: inspection('first') });

    void useWizardStore.getState().refreshInstall();
    const during = useWizardStore.getState().install;
    expect(during.kind).toBe('reading');
    expect(knownInstall(during)).toEqual({ folder: '/opt/bitwarden', installId: 'id-opt', install: inspection('first'), refreshing: true });
    await answer(1, { ok: true, value: inspection('second') });
    expect(knownInstall(useWizardStore.getState().install)).toEqual({ folder: '/opt/bitwarden', installId: 'id-opt', install: inspection('second'), refreshing: false });
  });

  it('shows nothing of the old install while another folder is read', async () => {
    void useWizardStore.getState().inspectInstall(OPT);
    await answer(0, { ok: true, value: inspection('first') });
    void useWizardStore.getState().inspectInstall(OTHER);
    expect(useWizardStore.getState().install).toEqual({ kind: 'reading', folder: '/srv/other', installId: 'id-other' });
    expect(knownInstall(useWizardStore.getState().install)).toBeNull();
  });

  it('keeps only the latest request, also for the same folder', async () => {
    void useWizardStore.getState().inspectInstall(OPT);
    void useWizardStore.getState().inspectInstall(OPT);
    await answer(1, { ok: true, value: inspection('latest') });
    await answer(0, { ok: true, value: inspection('stale') });
    expect(knownInstall(useWizardStore.getState().install)?.install).toEqual(inspection('latest'));
  });

  it('a failed re-read replaces the previous reading with the error', async () => {
    void useWizardStore.getState().inspectInstall(OPT);
    await answer(0, { ok: true, value: inspection('first') });
    void useWizardStore.getState().refreshInstall();
    await answer(1, { ok: false, error: { kind: 'problem', code: 'permission-denied', message: 'no access' } });
    const install = useWizardStore.getState().install;
    expect(install.kind).toBe('failed');
    expect(knownInstall(install)).toBeNull();
  });
});
