import path from 'node:path';
import type { ConnectionManager } from '../connections';
import type { Host } from '../host';
import { readInstallStatus, type InstallStatus } from '../install';
import type { SecretStore } from '../secrets';
import type { Settings, SettingsStore } from '../settings';
import { readBillingSyncStatus, type BillingSyncStatus } from './connection';
import { evidenceLabel } from '../shared/report-labels';
import { SETUP_STEP_TITLES, type SetupStepId } from '../shared/setup-steps';
import { sponsorshipSyncInfo } from './sync-verify-wording';
import { readStoredToken } from './token';
import { WIZARD_KEYS } from './wizard-keys';

export type ReportStepState = 'done' | 'needs-attention' | 'not-started' | 'unknown';

export interface ReportEvidence {
  label: string;
  value: string;
}

export interface ReportStep {
  id: SetupStepId;
  title: string;
  state: ReportStepState;
  evidence: ReportEvidence[];
}

export interface SetupReport {
  kind: 'sponsorship-setup-report';
  generatedAt: string;
  /** True when every step is done: users can redeem Families sponsorships. */
  finished: boolean;
  steps: ReportStep[];
  /** What could not be read (not signed in, install unreadable…); the report still lists the rest. */
  notes: string[];
  redacted: true;
}

export interface SetupReportSources {
  host: Host;
  settings: SettingsStore;
  secrets: SecretStore;
  connections?: ConnectionManager;
  /** Default: the last install folder in settings. */
  installFolder?: string;
  /** Default: settings (self server's organization, or the billing sync step's). */
  selfHostedOrgId?: string;
  cloudOrgId?: string;
  now?: () => Date;
}

/**
 * Gathers the evidence of each step from where it really is — the env file read back, the license file
 * on disk, the server's connection and sync status, and what earlier steps recorded in settings — and
 * redacts every secret the SecretStore holds from the result.
 */
export async function collectSetupReport(sources: SetupReportSources): Promise<SetupReport> {
  const settings = await sources.settings.load();
  const values = settings.wizard.values;
  const notes: string[] = [];
  const installFolder = sources.installFolder ?? settings.lastInstallFolder ?? stringValue(values[WIZARD_KEYS.installFolder]);
  const selfOrgId = sources.selfHostedOrgId ?? stringValue(values[WIZARD_KEYS.selfOrgId]) ?? settings.servers.self?.organizationId;
  const cloudOrgIdHint = sources.cloudOrgId ?? stringValue(values[WIZARD_KEYS.cloudOrgId]) ?? settings.servers.cloud?.organizationId;

  let install: InstallStatus | undefined;
  if (installFolder) {
    try {
      install = await readInstallStatus(sources.host, installFolder);
    } catch (error) {
      notes.push(`The install at ${installFolder} could not be read: ${messageOf(error)}`);
    }
  } else notes.push('No install folder is known yet (Connect step).');

  let server: BillingSyncStatus | undefined;
  if (selfOrgId && sources.connections && settings.servers.self) {
    try {
      server = await readBillingSyncStatus(await sources.connections.client('self'), selfOrgId);
    } catch (error) {
      notes.push(`The self-hosted server's billing sync status could not be read: ${messageOf(error)}`);
    }
  } else if (!selfOrgId) notes.push('No self-hosted organization is chosen yet.');
  else notes.push('Not signed in to the self-hosted server: the connection and sync status are not in this report.');

  const cloudOrgId = server?.connection?.cloudOrganizationId ?? cloudOrgIdHint ?? null;
  const tokenKept = cloudOrgId ? (await readStoredToken(sources.secrets, cloudOrgId).catch(() => null)) !== null : false;
  const licenseUpload = install && selfOrgId ? await licenseFileTime(sources.host, install, selfOrgId) : null;

  const steps: ReportStep[] = [
    connectStep(settings, install),
    firewallStep(values),
    cloudStep(values, install, server),
    licenseStep(values, install, selfOrgId, licenseUpload, Boolean(server?.connection)),
    billingSyncStep(cloudOrgId, tokenKept, sources.secrets.persistent, server),
    syncStep(server, values),
  ];
  const report: SetupReport = {
    kind: 'sponsorship-setup-report',
    generatedAt: (sources.now?.() ?? new Date()).toISOString(),
    // The firewall check is evidence when it was run; a recorded sync proves the way out anyway.
    finished: steps.every((step) => step.state === 'done' || (step.id === 'firewall' && step.state !== 'needs-attention')),
    steps,
    notes,
    redacted: true,
  };
  return redactReport(report, await knownSecrets(sources.secrets));
}

/** The report as text, for the clipboard or a file: evidence under human labels (the JSON keeps the recorded ones). */
export function formatSetupReportText(report: SetupReport): string {
  const mark: Record<ReportStepState, string> = { done: '[done]', 'needs-attention': '[needs attention]', 'not-started': '[not started]', unknown: '[unknown]' };
  const lines = [`Sponsorship Setup report — ${report.generatedAt}`, report.finished ? 'Setup finished: users can redeem Families sponsorships.' : 'Setup not finished yet.', ''];
  for (const step of report.steps) {
    lines.push(`${step.title} ${mark[step.state]}`);
    for (const item of step.evidence) lines.push(`  ${evidenceLabel(step.id, item.label)}: ${item.value}`);
    lines.push('');
  }
  if (report.notes.length > 0) lines.push('Notes:', ...report.notes.map((note) => `  - ${note}`), '');
  lines.push('Secrets (API key secrets, billing sync token, installation key, passwords) are never part of this report.');
  return `${lines.join('\n')}\n`;
}

/** Replaces every known secret anywhere in the report; a second fence behind "never put them in". */
export function redactReport<T>(report: T, secrets: string[]): T {
  const usable = secrets.filter((secret) => secret.length >= 6);
  if (usable.length === 0) return report;
  let text = JSON.stringify(report);
  for (const secret of usable) text = text.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]');
  return JSON.parse(text) as T;
}

async function knownSecrets(secrets: SecretStore): Promise<string[]> {
  const values: string[] = [];
  for (const account of await secrets.list().catch(() => [] as string[])) {
    const value = await secrets.get(account).catch(() => null);
    if (value) values.push(value);
  }
  return values;
}

function connectStep(settings: Settings, install: InstallStatus | undefined): ReportStep {
  const evidence: ReportEvidence[] = [];
  if (install) {
    evidence.push({ label: 'Install', value: install.bwdataPath });
    evidence.push({ label: 'Installation ID', value: install.installationId ?? 'not set' });
    evidence.push({ label: 'Installation key', value: install.installationKeyPresent ? 'present (not shown)' : 'missing' });
    evidence.push({ label: 'Cloud region', value: install.cloudRegion ?? 'not set (US assumed)' });
    evidence.push({ label: 'Vault URL', value: install.vaultUrl ?? 'not set' });
  }
  evidence.push({ label: 'Cloud sign-in', value: settings.servers.cloud?.email ?? 'not signed in' });
  evidence.push({ label: 'Self-hosted sign-in', value: settings.servers.self?.email ?? 'not signed in' });
  const blocking = install?.problems.filter((problem) => problem.code !== 'cloud-communication-off') ?? [];
  for (const problem of blocking) evidence.push({ label: `Finding ${problem.code}`, value: problem.message });
  const state: ReportStepState = !install ? 'not-started' : blocking.length > 0 || !install.installationId ? 'needs-attention' : 'done';
  return { id: 'connect', title: SETUP_STEP_TITLES.connect, state, evidence };
}

function firewallStep(values: Settings['wizard']['values']): ReportStep {
  const evidence = valuesUnder(values, 'firewall.');
  const verdict = stringValue(values[WIZARD_KEYS.firewallVerdict]);
  const state: ReportStepState = verdict === undefined ? (evidence.length ? 'unknown' : 'not-started') : /^(ok|reachable|pass|passed|all-reachable)$/i.test(verdict) ? 'done' : 'needs-attention';
  if (evidence.length === 0) evidence.push({ label: 'Verdicts', value: 'the firewall check has not been run from this app (not known)' });
  return { id: 'firewall', title: SETUP_STEP_TITLES.firewall, state, evidence };
}

function cloudStep(values: Settings['wizard']['values'], install: InstallStatus | undefined, server: BillingSyncStatus | undefined): ReportStep {
  const evidence = valuesUnder(values, 'cloud.');
  if (install) evidence.push({ label: 'globalSettings__enableCloudCommunication (read back)', value: install.cloudCommunicationRaw ?? '(not set)' });
  if (server) evidence.push({ label: 'Server reports cloud communication', value: server.cloudCommunication ? 'active' : 'inactive (apply/restart needed)' });
  let state: ReportStepState;
  if (!install && !server) state = 'not-started';
  else if ((install && !install.cloudCommunication) || (server && !server.cloudCommunication)) state = 'needs-attention';
  else state = server ? 'done' : 'unknown';
  return { id: 'cloud-communication', title: SETUP_STEP_TITLES['cloud-communication'], state, evidence };
}

function licenseStep(values: Settings['wizard']['values'], install: InstallStatus | undefined, selfOrgId: string | undefined, uploadedAt: string | null, connectionSaved: boolean): ReportStep {
  const evidence = valuesUnder(values, 'license.');
  if (install && selfOrgId) evidence.push({ label: 'License file on the server', value: uploadedAt ? `${selfOrgId}.json, written ${uploadedAt}` : 'not found in bwdata/core/licenses/organization' });
  // `src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`: the server refuses to save a billing sync connection unless the license verifies.
  if (connectionSaved) evidence.push({ label: 'Verified by the server', value: 'yes (it saved the billing sync connection, which needs a license that verifies)' });
  const inspection = stringValue(values[WIZARD_KEYS.licenseInspection]);
  const inspectionBad = inspection !== undefined && !/^(ok|valid|pass|passed|usable)$/i.test(inspection);
  let state: ReportStepState;
  if (uploadedAt || connectionSaved) state = inspectionBad && !connectionSaved ? 'needs-attention' : 'done';
  else if (install && selfOrgId) state = 'needs-attention';
  else state = evidence.length ? 'unknown' : 'not-started';
  return { id: 'license', title: SETUP_STEP_TITLES.license, state, evidence };
}

function billingSyncStep(cloudOrgId: string | null, tokenKept: boolean, persistent: boolean, server: BillingSyncStatus | undefined): ReportStep {
  const evidence: ReportEvidence[] = [];
  evidence.push({ label: 'Cloud organization', value: cloudOrgId ?? 'not known' });
  evidence.push({ label: 'Token kept on this machine', value: tokenKept ? `yes (${persistent ? 'OS keychain' : 'memory only'}; not shown)` : 'no' });
  if (server) {
    evidence.push({
      label: 'Connection saved on the server',
      value: server.connection ? `${server.connection.id}, ${server.connection.enabled ? 'enabled' : 'disabled'}, token ${server.connection.tokenSet ? 'set' : 'not set'}` : 'no',
    });
    if (server.connection?.lastLicenseSync) evidence.push({ label: 'Last license sync', value: server.connection.lastLicenseSync });
  }
  const state: ReportStepState = server ? (server.connection?.enabled && server.connection.tokenSet ? 'done' : 'needs-attention') : tokenKept ? 'unknown' : 'not-started';
  return { id: 'billing-sync', title: SETUP_STEP_TITLES['billing-sync'], state, evidence };
}

function syncStep(server: BillingSyncStatus | undefined, values: Settings['wizard']['values']): ReportStep {
  const evidence: ReportEvidence[] = [];
  const verified = stringValue(values[WIZARD_KEYS.verifiedLicenseSync]);
  const verifiedAt = stringValue(values[WIZARD_KEYS.verifiedAt]);
  if (verified) evidence.push({ label: 'Verified through the license sync', value: `LastLicenseSync ${verified}${verifiedAt ? ` (verified ${verifiedAt})` : ''}` });
  else evidence.push({ label: 'Verified through the license sync', value: 'not yet (sponsorship-setup billing-sync verify)' });
  const last = server?.lastSyncDate ?? stringValue(values[WIZARD_KEYS.lastSyncDate]) ?? null;
  // Information, not a condition: sponsorships sync daily once the way to the cloud is proven.
  evidence.push({ label: 'Sponsorship sync', value: sponsorshipSyncInfo(last) });
  // A connection removed since the verify undoes it; a recorded sponsorship sync proves the way as well.
  const connectionGone = server !== undefined && !server.connection;
  let state: ReportStepState;
  if ((verified || last) && !connectionGone) state = 'done';
  else if (server?.connection || verified) state = 'needs-attention';
  else state = 'not-started';
  return { id: 'sync-verify', title: SETUP_STEP_TITLES['sync-verify'], state, evidence };
}

async function licenseFileTime(host: Host, install: InstallStatus, selfOrgId: string): Promise<string | null> {
  const name = install.licenseFiles.find((file) => file.toLowerCase() === `${selfOrgId.toLowerCase()}.json`);
  if (!name) return null;
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  const stat = await host.stat(p.join(install.bwdataPath, 'core', 'licenses', 'organization', name)).catch(() => null);
  return stat ? new Date(stat.mtimeMs).toISOString() : null;
}

function valuesUnder(values: Settings['wizard']['values'], prefix: string): ReportEvidence[] {
  return Object.entries(values)
    .filter(([key, value]) => key.startsWith(prefix) && value !== null && value !== '')
    .map(([key, value]) => ({ label: key.slice(prefix.length), value: String(value) }));
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
