// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../../../main/ipc/contracts/connections-contract';
import { Stepper } from '../../../../renderer/src/components/stepper';
import { useWizardStore } from '../../../../renderer/src/state/wizard-store';
import { LicenseStep } from '../../../../renderer/src/steps/license/license-step';
import { createTestLicensingKey, type TestLicensingKey } from '../../../support/license-factory';
import { failed, installFakeBridge, ok, resetWizardStore, type FakeBridgeAnswers } from '../support/fake-bridge';
import { INSTALL_HANDLE, INSTALLATION_ID, LICENSE_NAME, ORG_A, ORG_B, inspectionAnswer, installInspection, manualSteps, signedIn, uploadOutcome } from './license-fixtures';

let key: TestLicensingKey;
beforeAll(async () => {
  key = await createTestLicensingKey();
});
beforeEach(resetWizardStore);
afterEach(cleanup);

const OTHER_INSTALLATION = '99999999-8888-4777-8666-555555555555';

interface Scenario {
  self?: ConnectionView | null;
  cloud?: ConnectionView | null;
  /** The installation the checked license was issued for. */
  licenseFor?: string;
  license?: FakeBridgeAnswers['license'];
}

/** The License screen (with the step list) over the real slices, main faked at the preload boundary. */
async function renderLicense({ self = signedIn('self'), cloud = null, licenseFor = INSTALLATION_ID, license = {} }: Scenario = {}) {
  const bridge = installFakeBridge({
    app: { info: async () => ok({ name: 'Sponsorship Setup', version: '0.0.0', platform: 'linux' as const, secretStorage: { persistent: true } }) },
    install: { inspect: async () => ok(installInspection()) },
    connections: { status: async () => ok({ cloud, self, secretStorage: { persistent: true } }) },
    license: {
      manualSteps: async (request) => ok(manualSteps(request)),
      pickFile: async () => ok({ file: { fileId: 'file-1', name: LICENSE_NAME } }),
      inspect: async (request) => ok(inspectionAnswer(key, request.fileId, licenseFor, request.installationId)),
      upload: async (request) => ok(uploadOutcome(request.selfOrgId, request.force ?? false, inspectionAnswer(key, request.fileId, licenseFor, request.installationId).inspection)),
      ...license,
    },
  });
  await act(() => useWizardStore.getState().inspectInstall(INSTALL_HANDLE));
  render(
    <>
      <Stepper />
      <LicenseStep />
    </>,
  );
  await waitFor(() => expect(useWizardStore.getState().connections.phase).toBe('loaded'));
  return { bridge, user: userEvent.setup({ delay: null }) };
}

/** What the step list says about the License step. */
function licenseStatus(): string {
  const item = within(screen.getByRole('navigation', { name: 'Setup steps' })).getByRole('button', { name: /^License/ });
  return `${item.getAttribute('data-status')}: ${item.querySelector('.stepper-status')?.textContent}`;
}

/** Testing Library without jest-dom: read the button's own property. */
const disabled = (element: HTMLElement) => (element as HTMLButtonElement).disabled;
const uploadButton = () => screen.getByRole('button', { name: 'Upload license' });

describe('License screen: when Upload is enabled', () => {
  it('stays off until a usable license is checked; then one upload of that file, confirmed, and the step is done', async () => {
    const { bridge, user } = await renderLicense();
    expect(licenseStatus()).toBe('not-started: Not started');
    expect(disabled(uploadButton())).toBe(true);
    expect(screen.getByText('Check a license file first.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Choose license file…' }));
    expect(await screen.findByText(`${LICENSE_NAME}: usable for this installation`)).toBeTruthy();
    expect(bridge.license.inspect).toHaveBeenCalledWith({ fileId: 'file-1', installationId: INSTALLATION_ID, certificateId: undefined });
    expect(disabled(uploadButton())).toBe(false);
    expect(screen.queryByRole('button', { name: 'Upload anyway' })).toBeNull();
    expect(screen.getByTestId('next-step').style.visibility).toBe('hidden');

    await user.click(uploadButton());
    expect(await screen.findByText('Uploaded and confirmed on the server.')).toBeTruthy();
    expect(bridge.license.upload).toHaveBeenCalledTimes(1);
    expect(bridge.license.upload).toHaveBeenCalledWith({ fileId: 'file-1', selfOrgId: ORG_A.id, force: false, installationId: INSTALLATION_ID, certificateId: undefined });
    expect(licenseStatus()).toBe('done: Done');
    expect(screen.getByTestId('next-step').style.visibility).toBe('visible');
  });

  it('waits for the admin to choose among several owned organizations, and uploads to the chosen one', async () => {
    const { bridge, user } = await renderLicense({ self: signedIn('self', { ownerOrganizations: [ORG_A, ORG_B] }) });
    await user.click(screen.getByRole('button', { name: 'Choose license file…' }));
    await screen.findByText(`${LICENSE_NAME}: usable for this installation`);
    expect(disabled(uploadButton())).toBe(true);

    await user.selectOptions(screen.getByLabelText('Self-hosted organization'), ORG_B.id);
    expect(disabled(uploadButton())).toBe(false);
    await user.click(uploadButton());
    await screen.findByText('Uploaded and confirmed on the server.');
    expect(bridge.license.upload.mock.calls[0]![0].selfOrgId).toBe(ORG_B.id);
  });

  it('offers no upload without a self-hosted sign-in: the self-hosted web vault’s steps instead', async () => {
    const { bridge } = await renderLicense({ self: null });
    expect(screen.queryByRole('button', { name: 'Upload license' })).toBeNull();
    expect(await screen.findByText('Without a self-hosted connection, upload it in the self-hosted web vault:')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open the self-hosted subscription page' })).toBeTruthy();
    expect(bridge.license.upload).not.toHaveBeenCalled();
  });

  it('tells an account that owns no organization on the server to create it from the license', async () => {
    await renderLicense({ self: signedIn('self', { ownerOrganizations: [] }) });
    expect(screen.queryByRole('button', { name: 'Upload license' })).toBeNull();
    expect(await screen.findByText(/has no organization you own yet/)).toBeTruthy();
  });
});

describe('License screen: when the override is offered', () => {
  it('for a license with problems: Upload off, “Upload anyway” only after the explicit tick, and it sends force', async () => {
    const { bridge, user } = await renderLicense({ licenseFor: OTHER_INSTALLATION });
    await user.click(screen.getByRole('button', { name: 'Choose license file…' }));
    expect(await screen.findByText(`${LICENSE_NAME}: not usable (1 problem)`)).toBeTruthy();
    expect(screen.getByText('This license is for another installation — download the one for this installation.')).toBeTruthy();
    expect(licenseStatus()).toBe('needs-attention: Needs attention');
    expect(disabled(uploadButton())).toBe(true);
    const anyway = screen.getByRole('button', { name: 'Upload anyway' });
    expect(disabled(anyway)).toBe(true);

    await user.click(screen.getByLabelText('I understand the problems above and want to upload this file anyway'));
    expect(disabled(anyway)).toBe(false);
    await user.click(anyway);
    await screen.findByText('Uploaded and confirmed on the server.');
    expect(bridge.license.upload).toHaveBeenCalledTimes(1);
    expect(bridge.license.upload.mock.calls[0]![0].force).toBe(true);
  });

  it('is not offered before a file is checked, nor for a usable one', async () => {
    const { user } = await renderLicense();
    expect(screen.queryByRole('button', { name: 'Upload anyway' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Choose license file…' }));
    await screen.findByText(`${LICENSE_NAME}: usable for this installation`);
    expect(screen.queryByRole('button', { name: 'Upload anyway' })).toBeNull();
  });
});

describe('License screen: what the License step shows for each status', () => {
  it('needs attention when the file cannot be read, and says which', async () => {
    const { user } = await renderLicense({ license: { inspect: async () => failed({ kind: 'unusable-input', code: 'not-json', message: 'The file is not JSON.' }) } });
    await user.click(screen.getByRole('button', { name: 'Choose license file…' }));
    expect(await screen.findByText(`${LICENSE_NAME} could not be read.`)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('not-json');
    expect(licenseStatus()).toBe('needs-attention: Needs attention');
    expect(disabled(uploadButton())).toBe(true);
  });

  it('needs attention when the server refused the upload, with the server’s words', async () => {
    const refused = failed({ code: 'vault-refused', message: 'HTTP 400', details: { serverMessage: 'License is already in use by another organization.' } });
    const { user } = await renderLicense({ license: { upload: async () => refused } });
    await user.click(screen.getByRole('button', { name: 'Choose license file…' }));
    await screen.findByText(`${LICENSE_NAME}: usable for this installation`);
    await user.click(uploadButton());
    expect(await screen.findByText('The license was not uploaded.')).toBeTruthy();
    expect(screen.getByText(/License is already in use by another organization\./)).toBeTruthy();
    expect(licenseStatus()).toBe('needs-attention: Needs attention');
  });
});

describe('License screen: the manual steps', () => {
  it('asks main once per change of what they depend on (not once per section)', async () => {
    const { bridge, user } = await renderLicense({ cloud: signedIn('cloud', { ownerOrganizations: [ORG_A, ORG_B] }) });
    await screen.findByText('Open the cloud organization (any).');
    const requests = () => bridge.license.manualSteps.mock.calls.map(([request]) => JSON.stringify(request));
    expect(new Set(requests()).size).toBe(requests().length);
    const before = requests().length;

    await user.selectOptions(screen.getByLabelText('Cloud organization'), ORG_B.id);
    expect(await screen.findByText(`Open the cloud organization ${ORG_B.id}.`)).toBeTruthy();
    expect(requests()).toHaveLength(before + 1);
    expect(bridge.license.manualSteps.mock.calls.at(-1)![0].cloudOrgId).toBe(ORG_B.id);
  });
});
