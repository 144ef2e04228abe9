import { readFile } from 'node:fs/promises';
import { expect, test } from './harness/app-fixture';
import { chooseFile, connectBoth, openStep, pressManuallySync, standInEnv } from './harness/wizard-steps';

const MASTER_PASSWORD = 'full wizard owner master password';

/**
 * The project's goal, end to end: an empty temp install (stand-in bitwarden.sh, cloud communication
 * off, no license) to "Finished", every step through its screen, against the loopback stand-in for the
 * cloud and the self-hosted vault. One screenshot per step for the README.
 */
test('the whole wizard: Connect → Firewall → Cloud communication → License → Billing sync → Sync & verify → Finished', async ({ app }) => {
  test.setTimeout(180_000);
  const key = await app.core.createTestLicensingKey();
  app.useLicensingCertificate(key.certificateDer);
  const standIn = await app.core.startBitwardenStandIn({ ...app.core.signedLicensing(key) });
  const cloudOwner = await standIn.addUser('cloud', { email: 'owner@acme.test', password: MASTER_PASSWORD, kdf: { type: 'argon2id', iterations: 2, memoryMiB: 16, parallelism: 1 } });
  const selfOwner = await standIn.addUser('self', { email: 'owner@acme.test', password: 'self-hosted password' });
  const cloudOrg = standIn.addOrganization('cloud', { name: 'Acme Corp', planType: 20, owner: cloudOwner });
  const selfOrg = standIn.addOrganization('self', { name: 'Acme Corp', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  const ENV = standInEnv(standIn, { installationKey: 'FULLWIZARDINSTALLATIONKEY', cloudCommunication: 'unset', admins: 'admin@acme.test' });
  const install = await app.createTempInstall({ envContent: ENV, control: { rootPrompt: 'skip', lines: 4, interval: 0.05 } });
  try {
    await app.open();
    const page = app.page;
    const status = (step: string) => page.locator(`[data-step="${step}"]`);

    // 1. Connect: the install and both sign-ins.
    await connectBoth(app, standIn, install.root, cloudOwner, selfOwner);
    await expect(page.getByTestId('cloud-communication')).toHaveText('off');
    await expect(status('connect')).toHaveAttribute('data-status', 'done');
    await app.screenshot('wizard-1-connect');

    // 2. Firewall check, pointed at the stand-in's cloud API (nothing leaves this machine).
    await openStep(page, 'firewall', 'Firewall check');
    await page.getByText('Options: region, proxy, custom targets').click();
    await page.getByText('Custom targets (advanced)').click();
    await page.getByLabel(/Custom target URLs/).fill(`${standIn.endpoints('cloud').apiUrl}/alive`);
    await chooseFile(app, page, 'Choose file…', standIn.caFile);
    await page.getByLabel(/Connect directly/).check();
    await page.getByRole('button', { name: 'Run check' }).click();
    await expect(page.getByTestId('firewall-progress')).toContainText('Finished', { timeout: 30_000 });
    await expect(status('firewall')).toHaveAttribute('data-status', 'done');
    // The rows are the hosts that were actually checked, not the defaults planned before the form changed.
    await expect(page.getByTestId('firewall-row')).toHaveCount(1);
    await expect(page.getByRole('list', { name: 'Hosts' })).not.toContainText('api.bitwarden.com');
    await app.screenshot('wizard-2-firewall');

    // 3. Cloud communication: write with a backup, apply with the stand-in bitwarden.sh.
    await openStep(page, 'cloud-communication', 'Cloud communication');
    await page.getByRole('button', { name: 'Confirm and write' }).click();
    await expect(page.getByTestId('cloud-backup-path')).toBeVisible();
    await page.getByRole('button', { name: /^Run restart/ }).click();
    await expect(page.getByTestId('apply-outcome')).toBeVisible({ timeout: 30_000 });
    await expect(status('cloud-communication')).toHaveAttribute('data-status', 'done');
    expect(await readFile(install.envFile, 'utf8')).toContain('globalSettings__enableCloudCommunication=true');
    await app.screenshot('wizard-3-cloud-communication');

    // 4. License: download from the cloud for this installation, check offline, upload.
    await openStep(page, 'license', 'License');
    // Kept in the app's data: no save dialog.
    await page.getByRole('button', { name: 'Download from the cloud' }).click();
    await expect(page.getByTestId('license-inspection')).toContainText('usable for this installation', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Upload license' }).click();
    await expect(page.getByTestId('license-upload-result')).toContainText('Uploaded and confirmed on the server.');
    await expect(status('license')).toHaveAttribute('data-status', 'done');
    await app.screenshot('wizard-4-license');

    // 5. Billing sync: the token from the cloud (master password once), saved on the self-hosted server.
    await openStep(page, 'billing-sync', 'Billing sync');
    await expect(page.getByLabel('Cloud organization ID', { exact: true })).toHaveValue(cloudOrg.id);
    await page.getByLabel(/Master password/).fill(MASTER_PASSWORD);
    await page.getByRole('button', { name: 'Get the token' }).click();
    await expect(page.getByTestId('billing-sync-token')).toContainText('••••');
    await page.getByRole('button', { name: 'Save on the self-hosted server' }).click();
    await expect(page.getByTestId('billing-sync-saved')).toContainText('connection created');
    await expect(status('billing-sync')).toHaveAttribute('data-status', 'done');
    await app.screenshot('wizard-5-billing-sync');

    // 6. Sync & verify: a member requests a sponsorship, the admin presses Manually Sync, the app sees it.
    await page.getByRole('button', { name: 'Next: Sync & verify' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sync & verify' })).toBeVisible();
    // Watching the sponsorship sync is optional (collapsed): verification is the license sync.
    await page.getByText('Watch the first sponsorship sync (optional)').click();
    await expect(page.getByTestId('admin-emails')).toContainText('admin@acme.test');
    await page.getByRole('button', { name: 'Watch for the sync' }).click();
    await expect(page.getByTestId('sync-progress')).toContainText('Check 1');
    standIn.addSponsorship(selfOrg.id);
    await pressManuallySync(standIn, selfOrg.id);
    await expect(page.getByTestId('last-sync')).toBeVisible({ timeout: 15_000 });
    await expect(status('sync-verify')).toHaveAttribute('data-status', 'done');
    await app.screenshot('wizard-6-sync-verify');

    // 7. Finished: every step done, with evidence, and a report without secrets.
    await expect(page.getByTestId('setup-finished')).toBeVisible({ timeout: 10_000 });
    for (const step of ['connect', 'firewall', 'cloud-communication', 'license', 'billing-sync', 'sync-verify']) {
      await expect(status(step)).toHaveAttribute('data-status', 'done');
    }
    await expect(page.getByTestId('report-cloud-communication')).toContainText('globalSettings__enableCloudCommunication (read back): true');
    await expect(page.getByTestId('report-cloud-communication')).toContainText('Applied with: restart');
    await expect(page.getByTestId('report-cloud-communication')).toContainText('Apply result: ok');
    await expect(page.getByTestId('report-license')).toContainText('Uploaded at');
    await expect(page.getByTestId('report-license')).toContainText('Confirmed on the server: yes');
    await expect(page.getByTestId('report-firewall')).toContainText('Firewall verdict: ok');
    await expect(page.getByTestId('report-billing-sync')).toContainText('token set');
    await page.getByTestId('setup-finished').scrollIntoViewIfNeeded();
    await app.expectNoSeriousA11yViolations('Finished');
    console.log('[e2e] layout shift by step', JSON.stringify(await app.layoutShiftByStep()));
    await app.expectLowLayoutShift();
    await app.screenshot('wizard-7-finished');
    await page.getByRole('button', { name: 'Copy report' }).click();
    await expect.poll(() => app.copiedTexts.some((text) => text.startsWith('Sponsorship Setup report'))).toBe(true);
    const report = app.copiedTexts.find((text) => text.startsWith('Sponsorship Setup report'))!;
    expect(report).toContain('Setup finished');
    expect(report).toContain('  Firewall verdict: ok\n');
    expect(report).toMatch(/^ {2}Uploaded at: \d{4}-/m);
    expect(report).not.toMatch(/uploadedAt|confirmedOnServer|^ {2}verdict:/m);
    const token = cloudOrg.apiKeys.get(1)!.apiKey;
    const html = await page.content();
    for (const secret of [token, MASTER_PASSWORD, cloudOwner.clientSecret, selfOwner.clientSecret, 'FULLWIZARDINSTALLATIONKEY']) {
      expect(report.includes(secret), 'a secret is in the report').toBe(false);
      expect(html.includes(secret), 'a secret is on the page').toBe(false);
    }
  } finally {
    await install.dispose();
    await standIn.close();
  }
});
