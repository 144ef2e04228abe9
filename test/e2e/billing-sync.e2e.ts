import { randomUUID } from 'node:crypto';
import { expect, test } from './harness/app-fixture';
import { chooseInstallFolder, connectBoth, openStep, pressManuallySync, standInEnv } from './harness/wizard-steps';

const MASTER_PASSWORD = 'e2e owner master password';

test('billing sync token, save on the server, then Sync & verify until the first sync, with a redacted report', async ({ app }) => {
  test.setTimeout(90_000);
  const standIn = await app.core.startBitwardenStandIn();
  const cloudOwner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: MASTER_PASSWORD, kdf: { type: 'argon2id', iterations: 2, memoryMiB: 16, parallelism: 1 } });
  const selfOwner = await standIn.addUser('self', { email: 'owner@self.test', password: 'pw-self' });
  const cloudOrg = standIn.addOrganization('cloud', { name: 'Acme Families', owner: cloudOwner });
  const selfOrg = standIn.addOrganization('self', { name: 'Acme Self', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  const install = await app.createTempInstall({ envContent: standInEnv(standIn, { installationKey: 'E2EINSTALLATIONKEY', admins: 'admin@self.test' }) });
  try {
    await app.open();
    const page = app.page;
    await connectBoth(app, standIn, install.root, cloudOwner, selfOwner);

    await openStep(page, 'billing-sync', 'Billing sync');
    await expect(page.getByLabel('Cloud organization ID', { exact: true })).toHaveValue(cloudOrg.id);
    await expect(page.getByTestId('token-cloud-status')).toContainText('no billing sync token yet');
    await page.getByRole('button', { name: 'Copy cloud organization ID', exact: true }).click();
    await expect.poll(() => app.copiedTexts).toContain(cloudOrg.id);
    await expect(page.getByTestId('billing-sync-self-org-id')).toHaveText(selfOrg.id);
    await page.getByRole('button', { name: 'Copy self-hosted organization ID', exact: true }).click();
    await expect.poll(() => app.copiedTexts).toContain(selfOrg.id);

    // Wrong master password: refused by the cloud, nothing kept.
    await page.getByLabel(/Master password/).fill('not the password');
    await page.getByRole('button', { name: 'Get the token' }).click();
    await expect(page.getByRole('alert')).toContainText('verification-rejected');
    await expect(page.getByLabel(/Master password/)).toHaveValue('');

    await page.getByLabel(/Master password/).fill(MASTER_PASSWORD);
    await page.getByRole('button', { name: 'Get the token' }).click();
    await expect(page.getByTestId('billing-sync-token')).toContainText('••••');
    const token = cloudOrg.apiKeys.get(1)!.apiKey;
    expect(await page.content()).not.toContain(token);
    await page.getByRole('button', { name: 'Copy billing sync token' }).click();
    await expect.poll(() => app.copiedTexts).toContain(token);
    expect(await page.content()).not.toContain(token);
    await page.getByRole('button', { name: 'Reveal token' }).click();
    await expect(page.getByTestId('billing-sync-token')).toHaveText(token);
    await page.getByRole('button', { name: 'Hide token' }).click();
    await expect(page.getByTestId('billing-sync-token')).not.toHaveText(token);

    // The rotate choice shows the warning before anything happens.
    await page.getByLabel('Rotate: make a new token').check();
    await expect(page.getByRole('note')).toContainText('stops working at once');
    await page.getByLabel('Rotate: make a new token').uncheck();

    // Before the license is on the server: sent to the License step.
    await page.getByRole('button', { name: 'Save on the self-hosted server' }).click();
    await expect(page.getByRole('alert')).toContainText('license-not-verified');
    await expect(page.getByRole('alert').getByRole('button', { name: 'Go to License' })).toBeVisible();
    await expect(page.locator('[data-step="billing-sync"]')).toHaveAttribute('data-status', 'needs-attention');

    // The License step's work, done directly against the stand-in.
    const device = { type: 8, identifier: randomUUID(), name: 'e2e' };
    const cloud = app.core.createVaultClient({ role: 'cloud', endpoints: standIn.endpoints('cloud'), extraCaPem: standIn.caPem, device, clientName: 'desktop' });
    const self = app.core.createVaultClient({ role: 'self', endpoints: standIn.endpoints('self'), extraCaPem: standIn.caPem, device, clientName: 'desktop' });
    await cloud.signIn(cloudOwner);
    await self.signIn(selfOwner);
    await self.uploadLicense(selfOrg.id, (await cloud.downloadLicense(cloudOrg.id, standIn.installationId)).text);
    await cloud.close();
    await self.close();

    await page.getByRole('button', { name: 'Save on the self-hosted server' }).click();
    await expect(page.getByTestId('billing-sync-saved')).toContainText('connection created');
    await expect(page.getByTestId('billing-sync-server')).toContainText('token set (not shown)');
    await expect(page.getByTestId('billing-sync-server')).toContainText(cloudOrg.id);
    await expect(page.getByRole('button', { name: "Copy license's cloud organization ID", exact: true })).toBeVisible();
    await expect(page.locator('[data-step="billing-sync"]')).toHaveAttribute('data-status', 'done');
    await app.expectNoSeriousA11yViolations('Billing sync saved');
    await app.screenshot('billing-sync-step');

    await page.getByRole('button', { name: 'Next: Sync & verify' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sync & verify' })).toBeVisible();
    // Watching the sponsorship sync is optional (collapsed): verification is the license sync.
    await page.getByText('Watch the first sponsorship sync (optional)').click();
    await expect(page.getByTestId('admin-emails')).toContainText('admin@self.test');
    await page.getByRole('button', { name: 'Open the organization in the portal' }).click();
    await expect.poll(() => app.openedLinks).toContain(`${standIn.selfVaultUrl}/admin/Organizations/View/${selfOrg.id}`);

    // Waiting for the first sponsorship is expected; once a member asked for one and Manually Sync ran, it arrives.
    await page.getByRole('button', { name: 'Watch for the sync' }).click();
    await expect(page.getByTestId('sync-progress')).toContainText('Check 1');
    standIn.addSponsorship(selfOrg.id);
    await pressManuallySync(standIn, selfOrg.id);
    await expect(page.getByTestId('last-sync')).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('[data-step="sync-verify"]')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('report-sync-verify')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('report-billing-sync')).toHaveAttribute('data-state', 'done');
    await app.expectNoSeriousA11yViolations('Sync & verify synced');
    await app.screenshot('sync-verify-step');

    await page.getByRole('button', { name: 'Copy report' }).click();
    await expect.poll(() => app.copiedTexts.some((text) => text.startsWith('Sponsorship Setup report'))).toBe(true);
    const report = app.copiedTexts.find((text) => text.startsWith('Sponsorship Setup report'))!;
    for (const secret of [token, MASTER_PASSWORD, cloudOwner.clientSecret, selfOwner.clientSecret, 'E2EINSTALLATIONKEY']) {
      expect(report.includes(secret), 'a secret is in the report').toBe(false);
      expect((await page.content()).includes(secret), 'a secret is on the page').toBe(false);
    }
  } finally {
    await install.dispose();
    await standIn.close();
  }
});

test('the wizard resumes where the admin left off after the window reloads (progress in settings, no secrets)', async ({ app }) => {
  const install = await app.createTempInstall({ envContent: 'globalSettings__installation__id=7d6f3c8e-1111-4a2b-9c3d-123456789abc\nadminSettings__admins=\n' });
  try {
    await app.open();
    const page = app.page;
    await chooseInstallFolder(app, install.root);
    await openStep(page, 'sync-verify', 'Sync & verify');
    // An empty admin list is said plainly: nobody could sign in to the portal.
    await expect(page.getByTestId('admin-emails')).toContainText('adminSettings__admins is empty');
    // Start the renderer again from scratch (again, until the debounced save has landed).
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Sync & verify' })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expect(page.getByTestId('admin-emails')).toContainText('adminSettings__admins is empty');
    await page.locator('[data-step="connect"]').click();
    await expect(page.getByTestId('installation-id')).toHaveText('7d6f3c8e-1111-4a2b-9c3d-123456789abc');
  } finally {
    await install.dispose();
  }
});
