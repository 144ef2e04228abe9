import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVaultClient } from '../../../main/core/vault-api';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';
import { noKeychain, runCliInProcess, type CliRun } from '../../support/run-cli';
import { pressManuallySync } from '../billing-sync/billing-sync-support';

/**
 * `billing-sync token|save|status`, `sync wait` and `report` as an admin runs them: the CLI in-process
 * (runCli) against the loopback stand-in, no keychain (secrets from BW_CLIENTID/BW_CLIENTSECRET),
 * settings under a private XDG_CONFIG_HOME.
 */
const MASTER_PASSWORD = 'cli owner master password';
const FAST_KDF = { type: 'pbkdf2' as const, iterations: 600_000 };

let standIn: BitwardenStandIn;
let cloudOwner: StandInUser;
let selfOwner: StandInUser;
let cloudOrg: StandInOrganization;
let selfOrg: StandInOrganization;
let configHome: string;
const printed: string[] = [];

function env(user: StandInUser, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    XDG_CONFIG_HOME: configHome,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(configHome, 'no-such-bus')}`,
    DISPLAY: '',
    BW_CLIENTID: user.clientId,
    BW_CLIENTSECRET: user.clientSecret,
    ...extra,
  };
}

async function cli(args: string[], environment: NodeJS.ProcessEnv, input?: string): Promise<CliRun> {
  // In-process, with no keychain (a memory store per run, as a process without a Secret Service gets).
  const run = await runCliInProcess(args, { secrets: noKeychain() }, { env: environment, input });
  printed.push(run.stdout, run.stderr);
  return run;
}

beforeAll(async () => {
  standIn = await startBitwardenStandIn();
  cloudOwner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: MASTER_PASSWORD, kdf: FAST_KDF });
  selfOwner = await standIn.addUser('self', { email: 'owner@self.test', password: 'self pw' });
  cloudOrg = standIn.addOrganization('cloud', { name: 'Acme', planType: 20, owner: cloudOwner });
  selfOrg = standIn.addOrganization('self', { name: 'Acme self', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  configHome = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-billing-cli-'));
  // The License step's work, done directly: the self-hosted org holds the cloud org's license.
  const device = { type: 8, identifier: randomUUID(), name: 'test' };
  const cloud = createVaultClient({ role: 'cloud', endpoints: standIn.endpoints('cloud'), extraCaPem: standIn.caPem, device, clientName: 'cli' });
  const self = createVaultClient({ role: 'self', endpoints: standIn.endpoints('self'), extraCaPem: standIn.caPem, device, clientName: 'cli' });
  await cloud.signIn(cloudOwner);
  await self.signIn(selfOwner);
  await self.uploadLicense(selfOrg.id, (await cloud.downloadLicense(cloudOrg.id, standIn.installationId)).text);
  await cloud.close();
  await self.close();

  const c = standIn.endpoints('cloud');
  expect((await cli(['login', 'cloud', '--api-url', c.apiUrl, '--identity-url', c.identityUrl, '--ca', standIn.caFile], env(cloudOwner))).code).toBe(0);
  expect((await cli(['login', 'self', '--vault', standIn.selfVaultUrl, '--ca', standIn.caFile], env(selfOwner))).code).toBe(0);
});

afterAll(async () => {
  await standIn?.close();
  if (configHome) await rm(configHome, { recursive: true, force: true });
});

describe('sponsorship-setup billing-sync and sync', () => {
  it('token: a wrong password is exit 2 and changes nothing; a missing --password-env variable is exit 2 before any request', async () => {
    const missing = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--password-env', 'NO_SUCH_VAR', '--json'], env(cloudOwner));
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('master-password-unavailable');
    const wrong = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--password-env', 'MP', '--json'], env(cloudOwner, { MP: 'wrong' }));
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.stdout).error.code).toBe('verification-rejected');
    // No terminal to ask on and nothing piped: say which flags give the password, not just "empty".
    const none = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--json'], env(cloudOwner), '');
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout).error).toMatchObject({ code: 'master-password-unavailable', message: expect.stringContaining('--password-env') });
  });

  it('token --passwordenv prints nothing secret; --passwordfile --show prints the token; --rotate warns and changes it', async () => {
    const plain = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--passwordenv', 'MP', '--json'], env(cloudOwner, { MP: MASTER_PASSWORD }));
    expect(plain.code, plain.stderr).toBe(0);
    const token = cloudOrg.apiKeys.get(1)!.apiKey;
    expect(plain.stdout + plain.stderr).not.toContain(token);
    expect(JSON.parse(plain.stdout)).toMatchObject({ ok: true, cloudOrgId: cloudOrg.id, source: 'cloud', storage: 'memory' });

    const file = path.join(configHome, 'pw.txt');
    await writeFile(file, `${MASTER_PASSWORD}\n`, { mode: 0o600 });
    const shown = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--passwordfile', file, '--show'], env(cloudOwner));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(token);

    const rotated = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--password-file', file, '--rotate', '--show', '--json'], env(cloudOwner));
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toMatch(/stops working at once/);
    const document = JSON.parse(rotated.stdout);
    expect(document.source).toBe('cloud-rotated');
    expect(document.token).toBe(cloudOrg.apiKeys.get(1)!.apiKey);
    expect(document.token).not.toBe(token);
  });

  it('token --paste reads stdin; refuses two words with exit 2', async () => {
    const ok = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--paste', '--json'], env(cloudOwner), 'AbCdEfGhIjKlMnOpQrStUvWxYz0123\n');
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ source: 'pasted', warnings: [] });
    expect(ok.stdout).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz0123');
    const bad = await cli(['billing-sync', 'token', '--org', cloudOrg.id, '--paste'], env(cloudOwner), 'two words\n');
    expect(bad.code).toBe(2);
  });

  it('save --token-stdin creates then updates the connection; status shows it without the token', async () => {
    const token = cloudOrg.apiKeys.get(1)!.apiKey;
    const created = await cli(['billing-sync', 'save', '--org', selfOrg.id, '--token-stdin', '--json'], env(selfOwner), `${token}\n`);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ ok: true, action: 'created', cloudOrganizationId: cloudOrg.id, enabled: true });
    const updated = await cli(['billing-sync', 'save', '--org', selfOrg.id, '--token-stdin'], env(selfOwner), `${token}\n`);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toMatch(/Updated the billing sync connection/);
    expect(updated.stdout).toMatch(/does not check the token/);
    // Without a keychain and without --token-stdin there is nothing kept to save: exit 2.
    const nothing = await cli(['billing-sync', 'save', '--org', selfOrg.id, '--cloud-org', cloudOrg.id, '--json'], env(selfOwner));
    expect(nothing.code).toBe(2);
    expect(JSON.parse(nothing.stdout).error.code).toBe('token-not-stored');

    const status = await cli(['billing-sync', 'status', '--org', selfOrg.id, '--json'], env(selfOwner));
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ cloudCommunication: true, connection: { enabled: true, cloudOrganizationId: cloudOrg.id, tokenSet: true }, lastSyncDate: null });
    expect(status.stdout).not.toContain(token);
  });

  it('billing-sync verify: exit 0 with lastLicenseSync, then report marks Sync & verify done; a rotated token is exit 1 in the server\'s words; a bad --org is exit 2', async () => {
    const before = await cli(['report', '--json'], env(selfOwner));
    expect(JSON.parse(before.stdout).steps.find((s: { id: string }) => s.id === 'sync-verify')).toMatchObject({ state: 'needs-attention' });

    const ok = await cli(['billing-sync', 'verify', '--org', selfOrg.id, '--json'], env(selfOwner));
    expect(ok.code, ok.stderr).toBe(0);
    const verified = JSON.parse(ok.stdout);
    expect(verified).toMatchObject({ ok: true, verified: true, lastLicenseSync: selfOrg.connection!.config.LastLicenseSync });
    expect(typeof verified.lastLicenseSync).toBe('string');
    const after = JSON.parse((await cli(['report', '--json'], env(selfOwner))).stdout);
    const step = after.steps.find((s: { id: string }) => s.id === 'sync-verify');
    expect(step.state).toBe('done');
    expect(JSON.stringify(step.evidence)).toContain(verified.lastLicenseSync);
    expect(JSON.stringify(step.evidence)).toContain('No sponsorship requested yet');

    const current = cloudOrg.apiKeys.get(1)!;
    cloudOrg.apiKeys.set(1, { ...current, apiKey: 'ZyXwVuTsRqPoNmLkJiHgFeDcBa9876' });
    try {
      const failed = await cli(['billing-sync', 'verify', '--org', selfOrg.id, '--json'], env(selfOwner));
      expect(failed.code, failed.stderr).toBe(1);
      expect(JSON.parse(failed.stdout)).toMatchObject({
        ok: false,
        verified: false,
        serverMessage: 'An error has occurred. Check your internet connection and ensure the billing token is correct.',
        step: 'billing-sync',
        alsoCheck: 'firewall',
        error: { code: 'cloud-license-sync-failed' },
      });
      const text = await cli(['billing-sync', 'verify', '--org', selfOrg.id], env(selfOwner));
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/Step that fixes it: Billing sync, or Firewall check/);
    } finally {
      cloudOrg.apiKeys.set(1, current);
    }
    const usage = await cli(['billing-sync', 'verify', '--org', 'not-a-guid', '--json'], env(selfOwner));
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error.code).toBe('invalid-organization-id');
  });

  it('sync wait: exit 1 with "no sponsorship requested yet" first; exit 0 once a sponsorship exists and Manually Sync ran', async () => {
    const since = new Date().toISOString();
    await pressManuallySync(standIn, selfOrg.id);
    const timedOut = await cli(['sync', 'wait', '--org', selfOrg.id, '--since', since, '--timeout-s', '0.6', '--interval-s', '0.2', '--json'], env(selfOwner));
    expect(timedOut.code, timedOut.stderr).toBe(1);
    const document = JSON.parse(timedOut.stdout);
    expect(document).toMatchObject({ ok: false, outcome: 'timeout', neverSynced: true });
    expect(document.causes[0]).toMatchObject({ code: 'no-sponsorship-yet' });
    expect(timedOut.stderr).toMatch(/\[sync\] check 1/);

    standIn.addSponsorship(selfOrg.id);
    await pressManuallySync(standIn, selfOrg.id);
    const synced = await cli(['sync', 'wait', '--org', selfOrg.id, '--since', since, '--timeout-s', '5', '--interval-s', '0.2'], env(selfOwner));
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/Synced/);

    const badSince = await cli(['sync', 'wait', '--org', selfOrg.id, '--since', 'yesterday'], env(selfOwner));
    expect(badSince.code).toBe(2);
  });

  it('report --bwdata with a folder that is not a readable install is unusable input (exit 2, one JSON document)', async () => {
    const run = await cli(['report', '--bwdata', path.join(configHome, 'no-such-install'), '--json'], env(selfOwner));
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('report --json lists each step; nothing printed or saved anywhere holds a secret', async () => {
    const run = await cli(['report', '--json'], env(selfOwner));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.kind).toBe('sponsorship-setup-report');
    expect(report.steps.find((s: { id: string }) => s.id === 'billing-sync')).toMatchObject({ state: 'done' });
    expect(report.steps.find((s: { id: string }) => s.id === 'sync-verify')).toMatchObject({ state: 'done' });
    const text = await cli(['report'], env(selfOwner));
    expect(text.stdout).toMatch(/Last sponsorship sync: \d{4}-/);

    const token = cloudOrg.apiKeys.get(1)!.apiKey;
    const entries = await readdir(configHome, { recursive: true, withFileTypes: true });
    const saved = await Promise.all(entries.filter((e) => e.isFile() && e.name !== 'pw.txt').map((e) => readFile(path.join(e.parentPath, e.name), 'utf8')));
    const sinks = [run.stdout, text.stdout, ...saved];
    for (const secret of [MASTER_PASSWORD, cloudOwner.clientSecret, selfOwner.clientSecret, cloudOwner.masterPasswordHash, token]) {
      for (const sink of sinks) expect(sink.includes(secret)).toBe(false);
    }
    // The token was printed exactly where --show asked for it, never in a log line.
    expect(printed.filter((p) => p.includes(token)).length).toBeGreaterThan(0);
    for (const line of printed.join('\n').split('\n').filter((l) => l.startsWith('['))) expect(line.includes(token)).toBe(false);
  });
});
