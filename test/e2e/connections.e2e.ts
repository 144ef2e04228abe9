import { expect, test } from './harness/app-fixture';
import { apiKeyText, chooseInstallFolder, signInToCloud, signInToSelf, standInEnv, trustStandInCa } from './harness/wizard-steps';

test('sign in to the cloud and the self-hosted vault through the UI, pick an organization, sign out', async ({ app }) => {
  // The real core and a real HTTPS stand-in on loopback, trusted only through the CA file chosen in the UI.
  const standIn = await app.core.startBitwardenStandIn();
  const fastKdf = { type: 'pbkdf2' as const, iterations: 5_000 };
  const cloudOwner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw-cloud', kdf: fastKdf });
  const selfOwner = await standIn.addUser('self', { email: 'owner@self.test', password: 'pw-self', kdf: fastKdf });
  const member = await standIn.addUser('cloud', { email: 'member@cloud.test', password: 'pw-member', kdf: fastKdf });
  standIn.addOrganization('cloud', { name: 'Acme Families', owner: cloudOwner });
  const second = standIn.addOrganization('cloud', { name: 'Acme Two', owner: cloudOwner, members: [{ user: member, type: 2 }] });
  standIn.addOrganization('cloud', { name: 'Partner Org', members: [{ user: cloudOwner, type: 1 }] });
  const selfOrg = standIn.addOrganization('self', { name: 'Acme Self', owner: selfOwner });
  const install = await app.createTempInstall({ envContent: standInEnv(standIn, { installationId: '7d6f3c8e-1111-4a2b-9c3d-123456789abc' }) });
  try {
    await app.open();
    const page = app.page;
    await chooseInstallFolder(app, install.root);
    await expect(page.getByTestId('secret-storage')).toContainText('only for this session');
    const connectStatus = page.locator('[data-step="connect"]');
    await expect(connectStatus).toHaveAttribute('data-status', 'not-started');

    // Cloud: explicit endpoints (the stand-in), CA through the native file picker; a wrong secret first.
    const cloud = await signInToCloud(app, standIn, { clientId: cloudOwner.clientId, clientSecret: 'NotTheSecret000000000000000000' });
    await expect(cloud.getByRole('alert')).toContainText('vault-sign-in-failed');
    // A refused key leaves no "Signed in as…" and the headline says it plainly.
    await expect(cloud.getByTestId('signed-in-cloud')).toHaveCount(0);
    await expect(cloud.getByRole('alert')).toContainText('The server refused this API key.');
    await cloud.getByLabel('Paste the API key').fill(apiKeyText(cloudOwner));
    await expect(cloud.getByTestId('signed-in-cloud')).toContainText('owner@cloud.test');
    // The stand-in serves its "cloud" on the chosen install's own vault host, so main asked nothing.
    expect(app.confirmations).toEqual([]);
    await expect(cloud.getByRole('row', { name: /Partner Org Admin/ })).toBeVisible();
    // Only owned organizations are offered; two of them, so the admin picks.
    const picker = cloud.getByLabel(/Organization to set up/);
    await expect(picker.locator('option')).toHaveText(['Acme Families', 'Acme Two']);
    await expect(cloud.getByTestId('chosen-organization-cloud')).toHaveText('No organization chosen yet.');
    await picker.selectOption({ label: 'Acme Two' });
    await cloud.getByRole('button', { name: 'Use this organization' }).click();
    await expect(cloud.getByTestId('chosen-organization-cloud')).toHaveText('Chosen: Acme Two');
    await expect(cloud.getByRole('row', { name: /Acme Two chosen/ })).toBeVisible();
    await expect(cloud.getByTestId('chosen-organization-id-cloud')).toContainText(second.id);
    await cloud.getByRole('button', { name: 'Copy cloud organization ID', exact: true }).click();
    await expect.poll(() => app.copiedTexts).toContain(second.id);

    // Self-hosted: the vault URL is suggested from the install.
    await expect(page.getByTestId('connection-self').getByLabel('Vault URL')).toHaveValue(standIn.selfVaultUrl);
    const self = await signInToSelf(app, standIn, selfOwner);
    await expect(self.getByTestId('signed-in-self')).toContainText('owner@self.test');
    // The only owned organization is chosen at once.
    await expect(self.getByTestId('chosen-organization-self')).toContainText('Acme Self — Owner ✓');
    await self.getByRole('button', { name: 'Copy self-hosted organization ID', exact: true }).click();
    await expect.poll(() => app.copiedTexts).toContain(selfOrg.id);

    await expect(connectStatus).toHaveAttribute('data-status', 'done');
    const html = await page.content();
    for (const secret of [cloudOwner.clientSecret, selfOwner.clientSecret]) expect(html.includes(secret), 'a secret is on the page').toBe(false);
    await app.expectNoSeriousA11yViolations('Connect with both connections');
    await self.scrollIntoViewIfNeeded();
    await app.screenshot('connections');

    await self.getByRole('button', { name: 'Sign out of the self-hosted vault' }).click();
    await expect(self.getByLabel('Paste the API key')).toBeVisible();
    await expect(connectStatus).toHaveAttribute('data-status', 'not-started');
    await expect(page.getByTestId('signed-in-cloud')).toBeVisible();
    expect(second.id).toBeTruthy();
  } finally {
    await install.dispose();
    await standIn.close();
  }
});

test('an account that owns no organization is told why nothing can be picked', async ({ app }) => {
  const standIn = await app.core.startBitwardenStandIn();
  const member = await standIn.addUser('self', { email: 'member@self.test', password: 'pw', kdf: { type: 'pbkdf2', iterations: 5_000 } });
  standIn.addOrganization('self', { name: 'Someone Else’s', members: [{ user: member, type: 2 }] });
  try {
    await app.open();
    const self = app.page.getByTestId('connection-self');
    await self.getByText('More options').click();
    await self.getByLabel('Vault URL').fill(standIn.selfVaultUrl);
    await trustStandInCa(app, standIn, self);
    await self.getByLabel('Paste the API key').fill(apiKeyText(member));
    await expect(self.getByTestId('no-owner-self')).toContainText('not an Owner');
    // No install chosen: the typed vault is a new destination, so main asked before sending the API key.
    expect(app.confirmations).toEqual([`Send your API key to ${new URL(standIn.selfVaultUrl).host}?`]);
    await expect(self.getByLabel(/Organization to set up/)).toHaveCount(0);
    await expect(app.page.locator('[data-step="connect"]')).toHaveAttribute('data-status', 'needs-attention');
  } finally {
    await standIn.close();
  }
});
