import { promises as fs } from 'node:fs';
import { adminHomeWithSshd, installOwnerIds, LOGIN_USER, OWNER_USER, sshSkipReason } from '../support/ssh';
import { expect, test } from './harness/app-fixture';
import { apiKeyText, pointCloudAtStandIn, pointFirewallCheckAtStandIn, standInEnv, trustStandInCa } from './harness/wizard-steps';

const MASTER_PASSWORD = 'remote guided run owner master password';
const MAX_ADMIN_ACTIONS = 15;
const skipReason = sshSkipReason();

/**
 * The guided path for a REMOTE install (a real OpenSSH server on loopback; the install belongs to
 * another user whom the SSH login becomes through sudo), driven as an admin would and counted the same
 * way as the local guided run: every click, field fill, answer to a native dialog and step switch is one
 * action. Test-only inputs are not counted: the stand-in cloud's endpoints, its CA file, the firewall
 * check's target, and the sshd's port (it listens on a random port here; a real server answers on 22).
 */
test('the guided run on a remote install: connect over SSH, then "Set up everything" to verified in at most 15 admin actions', async ({ app }) => {
  test.skip(skipReason !== null, `skipped: ${skipReason}`);
  test.setTimeout(300_000);
  const { home, sshd, dispose } = await adminHomeWithSshd('sst-e2e-home-');
  const { uid, gid } = await installOwnerIds();

  const licensingKey = await app.core.createTestLicensingKey();
  // The stand-in's cloud signs with a test key: its certificate replaces Bitwarden's built-in one here.
  app.useLicensingCertificate(licensingKey.certificateDer);
  const standIn = await app.core.startBitwardenStandIn({ ...app.core.signedLicensing(licensingKey) });
  const cloudOwner = await standIn.addUser('cloud', { email: 'owner@acme.test', password: MASTER_PASSWORD, kdf: { type: 'argon2id', iterations: 2, memoryMiB: 16, parallelism: 1 } });
  const selfOwner = await standIn.addUser('self', { email: 'owner@acme.test', password: 'self-hosted password' });
  const cloudOrg = standIn.addOrganization('cloud', { name: 'Acme Corp', planType: 20, owner: cloudOwner });
  standIn.addOrganization('self', { name: 'Acme Corp', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  const ENV = standInEnv(standIn, { installationKey: 'REMOTEGUIDEDINSTALLATIONKEY', cloudCommunication: 'unset' });
  const install = await app.createTempInstall({ envContent: ENV, owner: { uid, gid }, control: { rootPrompt: 'skip', lines: 4, interval: 0.05 } });
  const actions: string[] = [];
  /** One admin action. */
  const act = async (label: string, action: () => Promise<unknown>) => {
    actions.push(label);
    await action();
  };
  try {
    app.useSshHome(home);
    await app.open();
    const page = app.page;
    const status = (step: string) => page.locator(`[data-step="${step}"]`);

    await pointFirewallCheckAtStandIn(app, standIn);
    await app.resetLayoutShift();

    // Connect: where the server is, who logs in, then the host key question (native, in main).
    await expect(page.getByRole('group', { name: 'Where is the Bitwarden server?' })).toBeVisible();
    await act('choose Another server over SSH', () => page.getByLabel('Another server over SSH').check());
    await act('fill the host', () => page.getByLabel('Host (name, address or alias)').fill('127.0.0.1'));
    await act('fill the user', () => page.getByLabel('User', { exact: true }).fill(LOGIN_USER));
    // Test-only: the sshd's random port (a real server listens on the default, 22).
    await page.getByLabel('Port').fill(String(sshd.port));
    app.confirmAnswers.push(true);
    actions.push('answer the host key question');
    await act('click Connect to the server', () => page.getByRole('button', { name: 'Connect to the server' }).click());
    await expect(page.getByTestId('server-status')).toContainText(`Connected as ${LOGIN_USER}@127.0.0.1:${sshd.port}`, { timeout: 20_000 });
    expect(app.confirmations).toHaveLength(1);
    expect(app.confirmations[0]).toContain(sshd.hostKeyFingerprint);

    // The install folder on the server (typed, then confirmed): read as its owner through sudo.
    await act('fill the install folder on the server', () => page.getByLabel('Install folder on the server (holds bitwarden.sh and bwdata)').fill(install.root));
    await act('click Read install on the server', () => page.getByRole('button', { name: 'Read install on the server' }).click());
    await expect(page.getByTestId('installation-id')).toHaveText(standIn.installationId, { timeout: 20_000 });
    await expect(page.getByTestId('server-status')).toContainText(`acting as ${OWNER_USER} through sudo`);

    // The two API keys: each vault's API key page, then the paste (sign-in starts by itself).
    const cloud = page.getByTestId('connection-cloud');
    await act('click Open the API key page (cloud)', () => cloud.getByRole('button', { name: 'Open the API key page' }).click());
    await expect.poll(() => app.openedLinks).toContain('https://vault.bitwarden.com/#/settings/security/security-keys');
    await pointCloudAtStandIn(app, standIn);
    await act('paste the cloud API key', () => cloud.getByLabel('Paste the API key').fill(apiKeyText(cloudOwner)));
    await expect(cloud.getByTestId('chosen-organization-cloud')).toContainText('Acme Corp — Owner ✓', { timeout: 20_000 });

    const self = page.getByTestId('connection-self');
    await act('click Open the API key page (self-hosted)', () => self.getByRole('button', { name: 'Open the API key page' }).click());
    await expect.poll(() => app.openedLinks).toContain(`${standIn.selfVaultUrl}/#/settings/security/security-keys`);
    await trustStandInCa(app, standIn, self);
    await act('paste the self-hosted API key', () => self.getByLabel('Paste the API key').fill(apiKeyText(selfOwner)));
    await expect(self.getByTestId('chosen-organization-self')).toContainText('Acme Corp — Owner ✓', { timeout: 20_000 });
    await expect(status('connect')).toHaveAttribute('data-status', 'done');
    await app.expectNoSeriousA11yViolations('Remote guided run: Connect');

    // One primary button runs the rest; the firewall check runs from the server, then the env diff.
    await act('click Set up everything', () => page.getByRole('button', { name: 'Set up everything' }).click());
    await expect(page.getByRole('heading', { level: 1, name: 'Set up everything' })).toBeVisible();
    await expect(page.locator('.guided-stage[data-stage="firewall"]')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const write = page.getByRole('button', { name: 'Write and restart' });
    await expect(write).toBeVisible({ timeout: 30_000 });
    await expect(page.getByLabel('Change to global.override.env')).toContainText('+globalSettings__enableCloudCommunication=true');
    await expect(page.getByLabel('Change to global.override.env')).toContainText('+adminSettings__admins=owner@acme.test');
    await expect(page.locator('.guided-now')).toContainText('offline for a few minutes');
    await app.expectNoSeriousA11yViolations('Remote guided run: write and restart');
    await act('click Write and restart', () => write.click());

    // Written and restarted on the server as the install's owner; then the master password for the token.
    const password = page.getByLabel(/Master password/);
    await expect(password).toBeVisible({ timeout: 90_000 });
    const env = await fs.readFile(install.envFile, 'utf8');
    expect(env).not.toBe(ENV);
    expect(env).toContain('globalSettings__enableCloudCommunication=true');
    expect(env).toContain('adminSettings__admins=owner@acme.test');
    expect((await fs.stat(install.envFile)).uid).toBe(uid);
    const calls = await install.calls();
    expect(calls, `control calls: ${calls.join(' | ')}`).toEqual([`uid=${uid} args=restart`]);
    expect(app.confirmations).toHaveLength(1);
    for (const step of ['firewall', 'cloud-communication', 'license']) await expect(status(step)).toHaveAttribute('data-status', 'done');
    await act('fill the master password', () => password.fill(MASTER_PASSWORD));
    await act('click Get the token and finish', () => page.getByRole('button', { name: 'Get the token and finish' }).click());

    // Saved and verified through the license sync.
    await expect(page.getByTestId('guided-finished')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('guided-finished')).toContainText('Verified');
    for (const step of ['connect', 'firewall', 'cloud-communication', 'license', 'billing-sync', 'sync-verify']) {
      await expect(status(step)).toHaveAttribute('data-status', 'done');
    }
    await app.expectNoSeriousA11yViolations('Remote guided run: finished');
    expect((await install.calls()).filter((line) => line.includes('restart'))).toHaveLength(1);

    expect(actions, `admin actions: ${actions.join(' → ')}`).toHaveLength(15);
    expect(actions.length).toBeLessThanOrEqual(MAX_ADMIN_ACTIONS);
    console.log(`[e2e] remote guided run: ${actions.length} admin actions: ${actions.join(' → ')}`);
    await app.expectLowLayoutShift();

    const html = await page.content();
    const token = cloudOrg.apiKeys.get(1)!.apiKey;
    for (const secret of [token, MASTER_PASSWORD, cloudOwner.clientSecret, selfOwner.clientSecret, 'REMOTEGUIDEDINSTALLATIONKEY']) {
      expect(html.includes(secret), 'a secret is on the page').toBe(false);
    }
  } catch (error) {
    // The server's side of the story (sessions opened and closed) for whoever reads the failure.
    console.log(`[e2e] sshd log:\n${sshd.log()}`);
    throw error;
  } finally {
    await install.dispose();
    await standIn.close();
    await dispose();
  }
});
