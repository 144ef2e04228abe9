import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type AppHarness } from './harness/app-fixture';
import { chooseInstallFolder, openStep, signInToSelf, standInEnv } from './harness/wizard-steps';

let dropped = 0;

/**
 * Drops a file on an element the way a file manager does: the file is on disk, the page gets a File
 * for it, and the preload's stand-in for webUtils.getPathForFile says where it is.
 */
async function dropFile(app: AppHarness, folder: string, testId: string, fileName: string, text: string): Promise<void> {
  const file = path.join(folder, `drop-${++dropped}`, fileName);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  app.droppedFilePaths.push(file);
  await app.page.getByTestId(testId).evaluate(
    (element, [name, content]) => {
      const dropped = new File([content as string], name as string, { type: 'application/json' });
      const transfer = new DataTransfer();
      transfer.items.add(dropped);
      element.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      element.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    [fileName, text] as const,
  );
}

test('License: a dropped license is checked offline and a problem explained; a good one uploads to the self-hosted vault', async ({ app }) => {
  const key = await app.core.createTestLicensingKey();
  // The test key's certificate stands in for Bitwarden's built-in one, through the app services.
  app.useLicensingCertificate(key.certificateDer);
  const standIn = await app.core.startBitwardenStandIn({ ...app.core.signedLicensing(key) });
  const selfOwner = await standIn.addUser('self', { email: 'owner@self.test', password: 'pw-self', kdf: { type: 'pbkdf2', iterations: 5_000 } });
  const selfOrg = standIn.addOrganization('self', { name: 'Acme Self', owner: selfOwner });
  const install = await app.createTempInstall({ envContent: standInEnv(standIn) });
  try {
    await app.open();
    const page = app.page;
    await chooseInstallFolder(app, install.root);
    await expect(page.getByTestId('installation-id')).toHaveText(standIn.installationId);

    // Sign in to the self-hosted vault through the Connections panel, as an admin would.
    const self = await signInToSelf(app, standIn, selfOwner);
    await expect(self.getByTestId('signed-in-self')).toContainText('owner@self.test');

    await openStep(page, 'license', 'License');
    await expect(page.getByTestId('license-installation-id')).toHaveText(standIn.installationId);
    const status = page.locator('[data-step="license"]');
    await expect(status).toHaveAttribute('data-status', 'not-started');

    // A license issued for another installation: summary shown, the problem explained, nothing uploadable.
    const otherInstallation = randomUUID();
    const licensedCloudOrgId = randomUUID();
    const wrong = app.core.issueTestLicense({ key, installationId: otherInstallation, cloudOrgId: licensedCloudOrgId, fields: { Name: 'Acme Corp' } });
    await dropFile(app, install.root, 'license-drop-zone', 'bitwarden_organization_license.json', wrong.json);
    const inspection = page.getByTestId('license-inspection');
    await expect(inspection).toContainText('not usable (1 problem)');
    await expect(inspection).toContainText('Acme Corp');
    await expect(page.getByTestId('license-file-installation-id')).toHaveText(otherInstallation);
    // Features read in Bitwarden's words, not as mangled property names.
    await expect(page.locator('.license-features')).toContainText('Members get Premium');
    await expect(page.locator('.license-features')).not.toContainText('rsGetPremium');
    await inspection.getByText('License details').click();
    await page.getByRole('button', { name: "Copy license file's cloud organization ID", exact: true }).click();
    await expect.poll(() => app.copiedTexts).toContain(licensedCloudOrgId);
    await expect(inspection).toContainText('installation-mismatch');
    await expect(inspection).toContainText(`but this server's installation ID is ${standIn.installationId}`);
    await expect(page.getByTestId('license-authenticity')).toHaveText(`Authenticity: verified with the licensing certificate ${key.thumbprintSha1.toUpperCase()} (CN=Test Licensing (not Bitwarden), O=Sponsorship Setup tests), which is NOT Bitwarden's.`);
    await expect(page.getByTestId('license-check-hash')).toHaveText('hash: matches');
    await expect(status).toHaveAttribute('data-status', 'needs-attention');
    await expect(page.getByRole('button', { name: 'Upload license' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Upload anyway' })).toBeDisabled();
    await page.getByRole('button', { name: 'Copy self-hosted organization ID', exact: true }).click();
    await expect.poll(() => app.copiedTexts).toContain(selfOrg.id);
    await app.expectNoSeriousA11yViolations('License with a problem');

    // The right license: usable, and its token verified with the licensing certificate, with no authenticity warning.
    const good = app.core.issueTestLicense({ key, installationId: standIn.installationId, fields: { Name: 'Acme Corp' } });
    await dropFile(app, install.root, 'license-drop-zone', 'bitwarden_organization_license.json', good.json);
    await expect(inspection).toContainText('usable for this installation');
    await expect(page.getByTestId('license-check-token')).toHaveText('token: valid');
    await expect(inspection).not.toContainText('not-verified');
    await page.getByRole('button', { name: 'Upload license' }).click();
    await expect(page.getByTestId('license-upload-result')).toContainText('Uploaded and confirmed on the server.');
    await expect(status).toHaveAttribute('data-status', 'done');
    expect(selfOrg.license).toBeDefined();
    expect((await page.content()).includes(selfOwner.clientSecret)).toBe(false);

    await app.expectNoSeriousA11yViolations('License uploaded');
    await inspection.scrollIntoViewIfNeeded();
    await app.screenshot('license-step');
  } finally {
    await install.dispose();
    await standIn.close();
  }
});
