// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BillingSyncStatus, TokenKept } from '../../../../main/core/billing-sync';
import type { IpcResult } from '../../../../main/ipc';
import { Stepper } from '../../../../renderer/src/components/stepper';
import { useWizardStore } from '../../../../renderer/src/state/wizard-store';
import { BillingSyncStep } from '../../../../renderer/src/steps/billing-sync-step';
import { failed, installFakeBridge, ok, resetWizardStore, type FakeBridgeAnswers } from '../support/fake-bridge';
import { INSTALL_HANDLE, ORG_A, ORG_B, installInspection, signedIn } from './license-fixtures';

beforeEach(resetWizardStore);
afterEach(cleanup);

const TOKEN = 'bst_0123456789abcdefghijklmnop';
const kept: TokenKept = { cloudOrgId: ORG_A.id, source: 'pasted', storage: 'keychain', masked: '••••••••••••mnop', warnings: [] };

function serverStatus(connection: BillingSyncStatus['connection']): BillingSyncStatus {
  return { selfHostedOrgId: ORG_B.id, cloudCommunication: true, connection, lastSyncDate: null };
}
const savedConnection = { id: 'c1', enabled: true, cloudOrganizationId: ORG_A.id, tokenSet: true, lastLicenseSync: null };

/** The Billing sync screen (with the step list) over the real slices; both sign-ins read through the connections slice. */
async function renderBillingSync(billingSync: FakeBridgeAnswers['billingSync'] = {}) {
  let server = serverStatus(null);
  const bridge = installFakeBridge({
    app: { info: async () => ok({ name: 'Sponsorship Setup', version: '0.0.0', platform: 'linux' as const, secretStorage: { persistent: true } }) },
    install: { inspect: async () => ok(installInspection()) },
    connections: { status: async () => ok({ cloud: signedIn('cloud'), self: signedIn('self', { ownerOrganizations: [ORG_B] }), secretStorage: { persistent: true } }) },
    billingSync: {
      tokenStatus: async (cloudOrgId) =>
        ok({ cloudOrgId, existsInCloud: true, storedLocally: false, storage: 'keychain' as const, rotateWarning: 'Rotating breaks the old token.', notCheckedAtSave: 'Not checked when saved.', webVaultSteps: ['Open the web vault.'] }),
      status: async () => ok(server),
      pasteToken: async () => ok(kept),
      save: async ({ selfOrgId }) => {
        server = serverStatus(savedConnection);
        return ok({ action: 'created' as const, connectionId: 'c1', selfHostedOrgId: selfOrgId, enabled: true, cloudOrganizationId: ORG_A.id, note: 'Not checked.' });
      },
      ...billingSync,
    },
  });
  await act(() => useWizardStore.getState().inspectInstall(INSTALL_HANDLE));
  await act(() => useWizardStore.getState().loadConnections());
  const setServer = (next: BillingSyncStatus) => (server = next);
  render(
    <>
      <Stepper />
      <BillingSyncStep />
    </>,
  );
  await waitFor(() => expect(bridge.billingSync.tokenStatus).toHaveBeenCalled());
  return { bridge, setServer, user: userEvent.setup({ delay: null }) };
}

function billingSyncStatus(): string {
  const item = within(screen.getByRole('navigation', { name: 'Setup steps' })).getByRole('button', { name: /^Billing sync/ });
  return `${item.getAttribute('data-status')}: ${item.querySelector('.stepper-status')?.textContent}`;
}
const disabled = (element: HTMLElement) => (element as HTMLButtonElement).disabled;
const saveButton = () => screen.getByRole('button', { name: 'Save on the self-hosted server' });

async function pasteToken(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Billing sync token'), TOKEN);
  await user.click(screen.getByRole('button', { name: 'Keep the pasted token' }));
  await screen.findByText(kept.masked);
}

describe('Billing sync screen: what the step shows for each status', () => {
  it('not started: no token here yet, Save off; a pasted token then saved makes it done', async () => {
    const { bridge, user } = await renderBillingSync();
    expect(await screen.findByTestId('token-cloud-status')).toBeTruthy();
    expect(billingSyncStatus()).toBe('not-started: Not started');
    expect(screen.getByText('No billing sync token is kept on this computer yet.')).toBeTruthy();
    expect(disabled(saveButton())).toBe(true);

    await pasteToken(user);
    expect(bridge.billingSync.pasteToken).toHaveBeenCalledWith({ cloudOrgId: ORG_A.id, token: TOKEN });
    expect(disabled(saveButton())).toBe(false);
    await user.click(saveButton());
    expect((await screen.findByTestId('billing-sync-saved')).textContent).toBe('Saved: billing sync connection created (enabled).');
    expect(bridge.billingSync.save).toHaveBeenCalledWith({ selfOrgId: ORG_B.id, cloudOrgId: ORG_A.id });
    await waitFor(() => expect(billingSyncStatus()).toBe('done: Done'));
    expect(screen.getByTestId('billing-sync-server').textContent).toContain('enabled, token set (not shown)');
  });

  it('not a problem while a request runs; needs attention once it failed, with the server’s answer', async () => {
    let answer: (result: IpcResult<TokenKept>) => void = () => undefined;
    const { user } = await renderBillingSync({ pasteToken: () => new Promise((resolve) => (answer = resolve)) });
    await user.type(screen.getByLabelText('Billing sync token'), TOKEN);
    await user.click(screen.getByRole('button', { name: 'Keep the pasted token' }));
    expect(billingSyncStatus()).toBe('not-started: Not started');
    expect(disabled(screen.getByRole('button', { name: 'Keep the pasted token' }))).toBe(true);

    await act(async () => answer(failed({ kind: 'unusable-input', code: 'token-invalid', message: 'That is not a billing sync token.' })));
    expect(screen.getByRole('alert').textContent).toContain('That is not a billing sync token.');
    expect(billingSyncStatus()).toBe('needs-attention: Needs attention');
    expect(screen.getByText('No billing sync token is kept on this computer yet.')).toBeTruthy();
  });

  it('needs attention when the server holds a disabled connection', async () => {
    const { setServer } = await renderBillingSync();
    setServer(serverStatus({ ...savedConnection, enabled: false }));
    await act(() => useWizardStore.getState().loadServerStatus(ORG_B.id));
    expect(billingSyncStatus()).toBe('needs-attention: Needs attention');
    expect(screen.getByTestId('billing-sync-server').textContent).toContain('disabled, token set (not shown)');
    expect(screen.getByRole('button', { name: 'Save on the self-hosted server' })).toBeTruthy();
  });

  it('is done at once when the server already holds an enabled connection with a token', async () => {
    const { setServer } = await renderBillingSync();
    setServer(serverStatus(savedConnection));
    await act(() => useWizardStore.getState().loadServerStatus(ORG_B.id));
    expect(billingSyncStatus()).toBe('done: Done');
    expect(screen.getByRole('button', { name: 'Renew the license through billing sync' })).toBeTruthy();
  });
});

describe('Billing sync screen: the kept token', () => {
  it('is revealed and copied through the slice, only when asked', async () => {
    const { bridge, user } = await renderBillingSync({ revealToken: async () => ok({ token: TOKEN }), copyToken: async () => ok({ copied: true }) });
    await pasteToken(user);
    expect(bridge.billingSync.revealToken).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Reveal token' }));
    // The reveal asks main first: the token shows once that answer is in (Hide appears with it).
    const hide = await screen.findByRole('button', { name: 'Hide token' }, { timeout: 5_000 });
    expect(screen.getByTestId('billing-sync-token').textContent).toBe(TOKEN);
    await user.click(hide);
    expect(screen.getByTestId('billing-sync-token').textContent).toBe(kept.masked);
    await user.click(screen.getByRole('button', { name: 'Copy billing sync token' }));
    expect(await screen.findByText('billing sync token copied')).toBeTruthy();
    expect(bridge.billingSync.copyToken).toHaveBeenCalledWith(ORG_A.id);
  });
});
