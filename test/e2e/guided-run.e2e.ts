import { readFile } from 'node:fs/promises';
import type { Locator } from '@playwright/test';
import { expect, test } from './harness/app-fixture';
import { apiKeyText, pointCloudAtStandIn, pointFirewallCheckAtStandIn, standInEnv, trustStandInCa } from './harness/wizard-steps';

const MASTER_PASSWORD = 'guided run owner master password';
const MAX_ADMIN_ACTIONS = 12;

/**
 * The guided path for a local install with one organization, driven exactly as an admin would and
 * counted: every click, field fill, file choice, answer to a native dialog and step switch is one
 * action. Inputs that exist only because the cloud here is the loopback stand-in (its endpoints, its
 * CA file, the firewall check's target) are test-only and not counted; a real admin's cloud is
 * bitwarden.com, which needs none of them.
 */
test('the guided run: Connect, then "Set up everything" to verified in at most 12 admin actions', async ({ app }) => {
  test.setTimeout(240_000);
  const key = await app.core.createTestLicensingKey();
  // The stand-in's cloud signs with a test key: its certificate replaces Bitwarden's built-in one here.
  app.useLicensingCertificate(key.certificateDer);
  const standIn = await app.core.startBitwardenStandIn({ ...app.core.signedLicensing(key) });
  const cloudOwner = await standIn.addUser('cloud', { email: 'owner@acme.test', password: MASTER_PASSWORD, kdf: { type: 'argon2id', iterations: 2, memoryMiB: 16, parallelism: 1 } });
  const selfOwner = await standIn.addUser('self', { email: 'owner@acme.test', password: 'self-hosted password' });
  const cloudOrg = standIn.addOrganization('cloud', { name: 'Acme Corp', planType: 20, owner: cloudOwner });
  standIn.addOrganization('self', { name: 'Acme Corp', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  const ENV = standInEnv(standIn, { installationKey: 'GUIDEDRUNINSTALLATIONKEY', cloudCommunication: 'unset' });
  const install = await app.createTempInstall({ envContent: ENV, control: { rootPrompt: 'skip', lines: 4, interval: 0.05 } });
  const actions: string[] = [];
  /** One admin action. */
  const act = async (label: string, action: () => Promise<unknown>) => {
    actions.push(label);
    await action();
  };
  try {
    await app.open();
    const page = app.page;
    const status = (step: string) => page.locator(`[data-step="${step}"]`);

    await pointFirewallCheckAtStandIn(app, standIn);
    // The admin's path starts here: the test-only form filling above does not count toward its layout shift.
    await app.resetLayoutShift();

    // Connect: the install through the native folder picker (the click and the dialog's answer).
    app.dialogAnswers.push(install.root);
    actions.push('answer the folder dialog');
    await act('click Choose folder…', () => page.getByRole('button', { name: 'Choose folder…' }).click());
    await expect(page.getByTestId('installation-id')).toHaveText(standIn.installationId);

    // The cloud's API key page (its region's own vault), then the key pasted: sign-in starts by itself.
    const cloud = page.getByTestId('connection-cloud');
    await act('click Open the API key page (cloud)', () => cloud.getByRole('button', { name: 'Open the API key page' }).click());
    await expect.poll(() => app.openedLinks).toContain('https://vault.bitwarden.com/#/settings/security/security-keys');
    await pointCloudAtStandIn(app, standIn);
    await act('paste the cloud API key', () => cloud.getByLabel('Paste the API key').fill(apiKeyText(cloudOwner)));
    await expect(cloud.getByTestId('chosen-organization-cloud')).toContainText('Acme Corp — Owner ✓');
    await expect(cloud).not.toContainText(cloudOwner.clientSecret);

    const self = page.getByTestId('connection-self');
    await act('click Open the API key page (self-hosted)', () => self.getByRole('button', { name: 'Open the API key page' }).click());
    await expect.poll(() => app.openedLinks).toContain(`${standIn.selfVaultUrl}/#/settings/security/security-keys`);
    await trustStandInCa(app, standIn, self);
    await act('paste the self-hosted API key', () => self.getByLabel('Paste the API key').fill(apiKeyText(selfOwner)));
    await expect(self.getByTestId('chosen-organization-self')).toContainText('Acme Corp — Owner ✓');
    await expect(status('connect')).toHaveAttribute('data-status', 'done');
    await expectQuietConnect(app, cloud);
    await app.screenshot('guided-1-connect');

    // One primary button runs the rest; the first stop is the env change as its diff.
    await act('click Set up everything', () => page.getByRole('button', { name: 'Set up everything' }).click());
    await expect(page.getByRole('heading', { level: 1, name: 'Set up everything' })).toBeVisible();
    await expect(page.locator('.guided-stage[data-stage="firewall"]')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    const write = page.getByRole('button', { name: 'Write and restart' });
    await expect(write).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel('Change to global.override.env')).toContainText('+globalSettings__enableCloudCommunication=true');
    await expect(page.locator('.guided-now')).toContainText('offline for a few minutes');
    // adminSettings__admins is empty: the admin's e-mail is offered, ticked, in the same edit (one restart).
    await expect(page.getByLabel(/Also make owner@acme.test an admin/)).toBeChecked();
    await expect(page.getByLabel('Change to global.override.env')).toContainText('+adminSettings__admins=owner@acme.test');
    // The sidebar shows where the run waits.
    await expect(status('cloud-communication')).toContainText('Waiting for you');
    await app.expectNoSeriousA11yViolations('Guided run: write and restart');
    await app.screenshot('guided-2-write-and-restart');
    await act('click Write and restart', () => write.click());

    // Restart, license (downloaded into the app's data, checked, uploaded): no input until the token.
    const password = page.getByLabel(/Master password/);
    await expect(password).toBeVisible({ timeout: 60_000 });
    const env = await readFile(install.envFile, 'utf8');
    expect(env).toContain('globalSettings__enableCloudCommunication=true');
    expect(env).toContain('adminSettings__admins=owner@acme.test');
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart']);
    for (const step of ['firewall', 'cloud-communication', 'license']) await expect(status(step)).toHaveAttribute('data-status', 'done');
    await expect(page.locator('.guided-stage[data-stage="billing-sync"]')).toHaveAttribute('data-state', 'waiting');
    await expect(page.locator(':focus')).toBeVisible();
    await app.screenshot('guided-3-master-password');
    await act('fill the master password', () => password.fill(MASTER_PASSWORD));
    await act('click Get the token and finish', () => page.getByRole('button', { name: 'Get the token and finish' }).click());

    // Saved and verified through the license sync: done, without a sponsorship or the admin portal.
    await expect(page.getByTestId('guided-finished')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('guided-finished')).toContainText('Verified');
    await expect(page.getByTestId('guided-finished')).toContainText('No sponsorship requested yet');
    for (const step of ['connect', 'firewall', 'cloud-communication', 'license', 'billing-sync', 'sync-verify']) {
      await expect(status(step)).toHaveAttribute('data-status', 'done');
    }
    await app.expectNoSeriousA11yViolations('Guided run: finished');
    await app.screenshot('guided-4-finished');

    expect(actions, `admin actions: ${actions.join(' → ')}`).toHaveLength(10);
    expect(actions.length).toBeLessThanOrEqual(MAX_ADMIN_ACTIONS);
    console.log(`[e2e] guided run: ${actions.length} admin actions: ${actions.join(' → ')}`);
    await app.expectLowLayoutShift();

    // Checked after the count (not part of the admin's path): the report says done, and no secret is on the page.
    await page.locator('[data-step="sync-verify"]').click();
    await expect(page.getByTestId('verified')).toBeVisible();
    await expect(page.getByTestId('report-sync-verify')).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
    const html = await page.content();
    const token = cloudOrg.apiKeys.get(1)!.apiKey;
    for (const secret of [token, MASTER_PASSWORD, cloudOwner.clientSecret, selfOwner.clientSecret, 'GUIDEDRUNINSTALLATIONKEY']) {
      expect(html.includes(secret), 'a secret is on the page').toBe(false);
    }
  } finally {
    await install.dispose();
    await standIn.close();
  }
});

/** Connect says little: endpoints collapsed, one line per organization, no problem codes in sight. */
async function expectQuietConnect(app: Parameters<Parameters<typeof test>[2]>[0]['app'], cloud: Locator): Promise<void> {
  await expect(cloud.getByText('Connection details')).toBeVisible();
  await expect(cloud.locator('.connection-facts')).toBeHidden();
  await app.expectNoSeriousA11yViolations('Guided run: Connect');
}
