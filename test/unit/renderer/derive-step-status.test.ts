import { describe, expect, it } from 'vitest';
import type { ApplyRun } from '../../../main/core/runner';
import type { InstallInspection } from '../../../main/ipc';
import type { ConnectionView } from '../../../main/ipc/contracts/connections-contract';
import { deriveStepStatus, isStepAvailable } from '../../../renderer/src/state/derive-step-status';
import type { InstallState } from '../../../renderer/src/state/install-slice';
import { selectWizardData, useWizardStore, type WizardData } from '../../../renderer/src/state/wizard-store';

const FOLDER = '/opt/bitwarden';
/** The handle main issued for FOLDER. */
const INSTALL_ID = 'id-opt';

function inspection(change: Partial<InstallInspection> = {}): InstallInspection {
  return {
    installationId: '7d6f3c8e-1111-4a2b-9c3d-123456789abc',
    installationKeyPresent: true,
    cloudRegion: 'US',
    vaultUrl: 'https://vault.example.test',
    cloudCommunication: false,
    cloudCommunicationRaw: null,
    problems: [],
    ...change,
  } as InstallInspection;
}

function connection(role: 'cloud' | 'self', change: Partial<ConnectionView> = {}): ConnectionView {
  const org = { id: '11111111-2222-4333-8444-555555555555', name: 'Acme', role: 'Owner', isOwner: true };
  return { role, state: 'signed-in', endpoints: { apiUrl: 'https://a', identityUrl: 'https://i' }, organizations: [org], ownerOrganizations: [org], organizationId: org.id, ...change } as ConnectionView;
}

/** The wizard's data at start (as the store creates it), with the given changes. */
function data(change: Partial<WizardData> = {}): WizardData {
  return { ...selectWizardData(useWizardStore.getState()), ...change };
}

const read = (install = inspection()): InstallState => ({ kind: 'read', folder: FOLDER, installId: INSTALL_ID, install });
const reReading = (previous = inspection()): InstallState => ({ kind: 'reading', folder: FOLDER, installId: INSTALL_ID, previous });
const signedIn = { phase: 'loaded', cloud: connection('cloud'), self: connection('self'), secretStorage: null, busy: {}, errors: {} } as unknown as WizardData['connections'];

describe('deriveStepStatus', () => {
  it('starts with every step not started', () => {
    for (const step of ['connect', 'firewall', 'cloud-communication', 'license', 'billing-sync', 'sync-verify'] as const) {
      expect(deriveStepStatus(step, data())).toBe('not-started');
    }
  });

  describe('connect', () => {
    it('is done once the install is read and both servers are signed in with an organization chosen', () => {
      expect(deriveStepStatus('connect', data({ install: read() }))).toBe('not-started');
      expect(deriveStepStatus('connect', data({ install: read(), connections: signedIn }))).toBe('done');
    });
    it('needs attention when the folder cannot be read or the install has a blocking problem', () => {
      const failed: InstallState = { kind: 'failed', folder: FOLDER, installId: INSTALL_ID, error: { kind: 'unusable-input', code: 'not-an-install', message: 'no' } };
      expect(deriveStepStatus('connect', data({ install: failed, connections: signedIn }))).toBe('needs-attention');
      const blocked = read(inspection({ problems: [{ code: 'duplicate-key', message: 'x' }] as InstallInspection['problems'] }));
      expect(deriveStepStatus('connect', data({ install: blocked, connections: signedIn }))).toBe('needs-attention');
    });
    it('does not count cloud communication being off against Connect (the next step fixes it)', () => {
      const off = read(inspection({ problems: [{ code: 'cloud-communication-off', message: 'x' }] as InstallInspection['problems'] }));
      expect(deriveStepStatus('connect', data({ install: off, connections: signedIn }))).toBe('done');
    });
    it('needs attention when a sign-in fails or the account owns no organization', () => {
      const failing = { ...signedIn, self: connection('self', { state: 'error', error: { code: 'x', message: 'y' } }) };
      expect(deriveStepStatus('connect', data({ install: read(), connections: failing }))).toBe('needs-attention');
      const noOwner = { ...signedIn, cloud: connection('cloud', { ownerOrganizations: [], organizationId: null }) };
      expect(deriveStepStatus('connect', data({ install: read(), connections: noOwner }))).toBe('needs-attention');
    });
    it('keeps its status while the same install is re-read (no flicker to "not started")', () => {
      expect(deriveStepStatus('connect', data({ install: reReading(), connections: signedIn }))).toBe('done');
      const first: InstallState = { kind: 'reading', folder: FOLDER, installId: INSTALL_ID };
      expect(deriveStepStatus('connect', data({ install: first, connections: signedIn }))).toBe('not-started');
    });
  });

  describe('cloud communication', () => {
    it('is not started without an install, done when it is already on, needs attention when off', () => {
      expect(deriveStepStatus('cloud-communication', data())).toBe('not-started');
      expect(deriveStepStatus('cloud-communication', data({ install: read(inspection({ cloudCommunication: true })) }))).toBe('done');
      expect(deriveStepStatus('cloud-communication', data({ install: read() }))).toBe('needs-attention');
    });
    it('needs attention after writing it here until an apply ended well, then is done', () => {
      const on = read(inspection({ cloudCommunication: true }));
      const cloudEdit = { kind: 'written', installId: INSTALL_ID, result: { changed: true } } as unknown as WizardData['cloudEdit'];
      expect(deriveStepStatus('cloud-communication', data({ install: on, cloudEdit }))).toBe('needs-attention');
      const cloudApply = { kind: 'ready', input: { installId: INSTALL_ID, method: 'restart' }, value: { ok: true, cloudCommunicationAfter: true } } as unknown as WizardData['cloudApply'];
      expect(deriveStepStatus('cloud-communication', data({ install: on, cloudEdit, cloudApply }))).toBe('done');
      const failedApply = { kind: 'ready', input: { installId: INSTALL_ID, method: 'restart' }, value: { ok: false, cloudCommunicationAfter: true } } as unknown as WizardData['cloudApply'];
      expect(deriveStepStatus('cloud-communication', data({ install: on, cloudEdit, cloudApply: failedApply }))).toBe('needs-attention');
    });
    it('ignores an apply of another folder', () => {
      const on = read(inspection({ cloudCommunication: true }));
      const cloudEdit = { kind: 'written', installId: INSTALL_ID, result: { changed: true } } as unknown as WizardData['cloudEdit'];
      const elsewhere = { kind: 'ready', input: { installId: 'id-other', method: 'restart' }, value: { ok: true, cloudCommunicationAfter: true } } as unknown as WizardData['cloudApply'];
      expect(deriveStepStatus('cloud-communication', data({ install: on, cloudEdit, cloudApply: elsewhere }))).toBe('needs-attention');
    });
    it('is in progress while an apply runs here, or while a run left on the server runs and is not followed yet', () => {
      const on = read(inspection({ cloudCommunication: true }));
      const running = { kind: 'loading', input: { installId: INSTALL_ID, method: 'restart', operationId: 'op', startedAt: 1 } } as unknown as WizardData['cloudApply'];
      expect(deriveStepStatus('cloud-communication', data({ install: on, cloudApply: running }))).toBe('in-progress');
      const run = { id: '20261202-011503-Ab12Cd', method: 'restart', state: 'running', exitCode: null } as unknown as ApplyRun;
      const found = (change: Partial<ApplyRun>, followed = false): WizardData['serverRuns'] => ({ kind: 'checked', installId: INSTALL_ID, server: 'admin@vault', found: { ...run, ...change }, followed });
      expect(deriveStepStatus('cloud-communication', data({ install: on, serverRuns: found({}) }))).toBe('in-progress');
      // Another install's run, or one already followed to its end here, does not count.
      expect(deriveStepStatus('cloud-communication', data({ install: on, serverRuns: { ...found({}), installId: 'id-other' } as WizardData['serverRuns'] }))).toBe('done');
      expect(deriveStepStatus('cloud-communication', data({ install: on, serverRuns: found({}, true) }))).toBe('done');
    });
    it('needs attention when a run left on the server failed, or ended without an exit status', () => {
      const on = read(inspection({ cloudCommunication: true }));
      const run = { id: '20261202-011503-Ab12Cd', method: 'restart', state: 'finished', exitCode: 0 } as unknown as ApplyRun;
      const found = (change: Partial<ApplyRun>): WizardData['serverRuns'] => ({ kind: 'checked', installId: INSTALL_ID, server: null, found: { ...run, ...change }, followed: false });
      expect(deriveStepStatus('cloud-communication', data({ install: on, serverRuns: found({}) }))).toBe('done');
      expect(deriveStepStatus('cloud-communication', data({ install: on, serverRuns: found({ exitCode: 1 }) }))).toBe('needs-attention');
      expect(deriveStepStatus('cloud-communication', data({ install: on, serverRuns: found({ state: 'lost', exitCode: null }) }))).toBe('needs-attention');
      const followedAndFailed = { kind: 'ready', input: { installId: INSTALL_ID, method: 'restart' }, value: { ok: false, cloudCommunicationAfter: true, attached: run } } as unknown as WizardData['cloudApply'];
      expect(deriveStepStatus('cloud-communication', data({ install: on, cloudApply: followedAndFailed }))).toBe('needs-attention');
    });
    it('keeps its status during a re-read of the same install', () => {
      expect(deriveStepStatus('cloud-communication', data({ install: reReading(inspection({ cloudCommunication: true })) }))).toBe('done');
    });
  });

  describe('license', () => {
    it('is done once an upload was confirmed on the server', () => {
      const licenseUpload = { kind: 'ready', input: { force: false, fileName: 'l.json' }, value: { confirmation: { confirmed: true } } } as unknown as WizardData['licenseUpload'];
      expect(deriveStepStatus('license', data({ licenseUpload }))).toBe('done');
      const unconfirmed = { kind: 'ready', input: { force: false, fileName: 'l.json' }, value: { confirmation: { confirmed: false } } } as unknown as WizardData['licenseUpload'];
      expect(deriveStepStatus('license', data({ licenseUpload: unconfirmed }))).toBe('not-started');
    });
    it('needs attention for a failed upload, an unusable file or a file that could not be read', () => {
      const failedUpload = { kind: 'failed', input: { force: false, fileName: 'l.json' }, error: { kind: 'problem', code: 'x', message: 'y' } } as unknown as WizardData['licenseUpload'];
      expect(deriveStepStatus('license', data({ licenseUpload: failedUpload }))).toBe('needs-attention');
      const unusable = { kind: 'ready', input: 'l.json', value: { result: { inspection: { usable: false } } } } as unknown as WizardData['licenseFile'];
      expect(deriveStepStatus('license', data({ licenseFile: unusable }))).toBe('needs-attention');
      const usable = { kind: 'ready', input: 'l.json', value: { result: { inspection: { usable: true } } } } as unknown as WizardData['licenseFile'];
      expect(deriveStepStatus('license', data({ licenseFile: usable }))).toBe('not-started');
      const unreadable = { kind: 'failed', input: 'l.json', error: { kind: 'problem', code: 'x', message: 'y' } } as unknown as WizardData['licenseFile'];
      expect(deriveStepStatus('license', data({ licenseFile: unreadable }))).toBe('needs-attention');
    });
  });

  describe('firewall', () => {
    it('is done when every host was reachable, needs attention otherwise; a cancelled run is not a problem', () => {
      const ok = { kind: 'finished', report: { ok: true } } as unknown as WizardData['firewallRun'];
      const problems = { kind: 'finished', report: { ok: false } } as unknown as WizardData['firewallRun'];
      const failed = { kind: 'failed', error: { kind: 'problem', code: 'x', message: 'y' } } as unknown as WizardData['firewallRun'];
      const cancelled = { kind: 'failed', error: { kind: 'cancelled', code: 'cancelled', message: 'Cancelled.' } } as unknown as WizardData['firewallRun'];
      expect(deriveStepStatus('firewall', data({ firewallRun: ok }))).toBe('done');
      expect(deriveStepStatus('firewall', data({ firewallRun: problems }))).toBe('needs-attention');
      expect(deriveStepStatus('firewall', data({ firewallRun: failed }))).toBe('needs-attention');
      expect(deriveStepStatus('firewall', data({ firewallRun: cancelled }))).toBe('not-started');
    });
  });

  describe('billing sync', () => {
    const base = data().billingSync;
    it('is done when the server holds an enabled connection with a token', () => {
      const billingSync = { ...base, server: { connection: { enabled: true, tokenSet: true } } } as unknown as WizardData['billingSync'];
      expect(deriveStepStatus('billing-sync', data({ billingSync }))).toBe('done');
    });
    it('needs attention for a disabled connection, or a connection without a token', () => {
      for (const connection of [{ enabled: false, tokenSet: true }, { enabled: true, tokenSet: false }]) {
        const billingSync = { ...base, server: { connection } } as unknown as WizardData['billingSync'];
        expect(deriveStepStatus('billing-sync', data({ billingSync }))).toBe('needs-attention');
      }
    });
    it('needs attention after a failed action, but not while one runs or after a cancel', () => {
      const failed: WizardData['billingSync']['request'] = { kind: 'failed', input: 'saving', error: { kind: 'problem', code: 'x', message: 'y' } };
      expect(deriveStepStatus('billing-sync', data({ billingSync: { ...base, request: failed } }))).toBe('needs-attention');
      expect(deriveStepStatus('billing-sync', data({ billingSync: { ...base, request: { kind: 'loading', input: 'saving' } } }))).toBe('not-started');
      const cancelled: WizardData['billingSync']['request'] = { kind: 'failed', input: 'saving', error: { kind: 'cancelled', code: 'cancelled', message: 'Cancelled.' } };
      expect(deriveStepStatus('billing-sync', data({ billingSync: { ...base, request: cancelled } }))).toBe('not-started');
    });
  });

  describe('sync & verify', () => {
    const base = data().syncVerify;
    it('is done once the server recorded a sync', () => {
      expect(deriveStepStatus('sync-verify', data({ syncVerify: { ...base, lastSyncDate: '2026-01-01T00:00:00Z' } }))).toBe('done');
    });
    it('treats waiting for the first sponsorship as expected, a timeout after earlier syncs or a failed wait as a problem', () => {
      const neverSynced = { kind: 'ready', input: { operationId: 'w', since: '2026-01-01T00:00:00Z' }, value: { outcome: 'timeout', neverSynced: true } } as unknown as WizardData['syncVerify']['wait'];
      const noNewSync = { kind: 'ready', input: { operationId: 'w', since: '2026-01-01T00:00:00Z' }, value: { outcome: 'timeout', neverSynced: false } } as unknown as WizardData['syncVerify']['wait'];
      const failed = { kind: 'failed', input: { operationId: 'w', since: '2026-01-01T00:00:00Z' }, error: { kind: 'problem', code: 'x', message: 'y' } } as unknown as WizardData['syncVerify']['wait'];
      expect(deriveStepStatus('sync-verify', data({ syncVerify: { ...base, wait: neverSynced } }))).toBe('not-started');
      expect(deriveStepStatus('sync-verify', data({ syncVerify: { ...base, wait: noNewSync } }))).toBe('needs-attention');
      expect(deriveStepStatus('sync-verify', data({ syncVerify: { ...base, wait: failed } }))).toBe('needs-attention');
    });
    it('is done once verified through the license sync, without any sponsorship sync', () => {
      expect(deriveStepStatus('sync-verify', data({ syncVerify: { ...base, verification: { kind: 'ready', input: 'x', value: { verified: true, lastLicenseSync: '2026-01-01T08:00:00' } } } }))).toBe('done');
    });
    it('needs attention when the license sync did not verify, whatever the sponsorship sync', () => {
      const unverified = { kind: 'ready', input: 'x', value: { verified: false, selfHostedOrgId: 'x', serverMessage: 'Cloud communication is disabled in global settings', step: 'cloud-communication', offerFreshToken: false, error: { code: 'cloud-communication-disabled', message: 'm' } } } as const;
      expect(deriveStepStatus('sync-verify', data({ syncVerify: { ...base, verification: unverified } }))).toBe('needs-attention');
      expect(deriveStepStatus('sync-verify', data({ syncVerify: { ...base, verification: { kind: 'loading', input: 'x' } } }))).toBe('not-started');
    });
  });
});

describe('isStepAvailable', () => {
  it('opens Connect, Firewall and License at once, the others once the install is known (also during a re-read)', () => {
    for (const step of ['connect', 'firewall', 'license'] as const) expect(isStepAvailable(step, data())).toBe(true);
    for (const step of ['cloud-communication', 'billing-sync', 'sync-verify'] as const) {
      expect(isStepAvailable(step, data())).toBe(false);
      expect(isStepAvailable(step, data({ install: { kind: 'reading', folder: FOLDER, installId: INSTALL_ID } }))).toBe(false);
      expect(isStepAvailable(step, data({ install: read() }))).toBe(true);
      expect(isStepAvailable(step, data({ install: reReading() }))).toBe(true);
    }
  });
});
