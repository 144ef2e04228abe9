import https from 'node:https';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, type AppHarness } from './app-fixture';

/** Helpers shared by the end-to-end tests that drive the stand-in (spec files must not import each other). */
export type StandIn = Awaited<ReturnType<AppHarness['core']['startBitwardenStandIn']>>;
export type StandInUser = Awaited<ReturnType<StandIn['addUser']>>;

/** "Manually Sync" in the stand-in's System Administrator Portal (`src/Admin/AdminConsole/Controllers/OrganizationsController.cs`), as the admin's browser would. */
export function pressManuallySync(standIn: StandIn, selfOrgId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      `${standIn.selfVaultUrl}/admin/Organizations/TriggerBillingSync/${selfOrgId}`,
      { ca: standIn.caPem, headers: { Cookie: `bitwarden-admin=${standIn.adminCookie}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve());
      },
    );
    request.on('error', reject);
  });
}

/**
 * A global.override.env pointing at the stand-in's self-hosted vault, US region, with cloud
 * communication on unless `cloudCommunication: 'unset'` (the line left out, as in a fresh install).
 */
export function standInEnv(
  standIn: StandIn,
  options: { installationId?: string; installationKey?: string; cloudCommunication?: 'on' | 'unset'; admins?: string } = {},
): string {
  return [
    `globalSettings__baseServiceUri__vault=${standIn.selfVaultUrl}`,
    'globalSettings__baseServiceUri__cloudRegion=US',
    `globalSettings__installation__id=${options.installationId ?? standIn.installationId}`,
    ...(options.installationKey ? [`globalSettings__installation__key=${options.installationKey}`] : []),
    ...(options.cloudCommunication === 'unset' ? [] : ['globalSettings__enableCloudCommunication=true']),
    ...(options.admins !== undefined ? [`adminSettings__admins=${options.admins}`] : []),
    '',
  ].join('\n');
}

/** Connect: the install folder, as the native folder picker returns it; waits until it was read. */
export async function chooseInstallFolder(app: AppHarness, installRoot: string): Promise<void> {
  app.dialogAnswers.push(installRoot);
  await app.page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(app.page.getByTestId('installation-id')).toBeVisible();
}

type ApiKey = Pick<StandInUser, 'clientId' | 'clientSecret'>;

/** The API key as the web vault's "View API key" dialog shows it (and a copy of it gives). */
export function apiKeyText(key: ApiKey): string {
  return `client_id:\n${key.clientId}\nclient_secret:\n${key.clientSecret}\nscope:\napi\ngrant_type:\nclient_credentials\n`;
}

/**
 * Test-only inputs of the cloud card: the stand-in's explicit endpoints and CA file (a real admin's
 * cloud is bitwarden.com or .eu, which need neither). Under "More options".
 */
export async function pointCloudAtStandIn(app: AppHarness, standIn: StandIn): Promise<Locator> {
  const cloud = app.page.getByTestId('connection-cloud');
  await cloud.getByText('More options').click();
  await cloud.getByLabel('Other Bitwarden cloud (explicit endpoints)').check();
  await cloud.getByLabel('API URL').fill(standIn.endpoints('cloud').apiUrl);
  await cloud.getByLabel('Identity URL').fill(standIn.endpoints('cloud').identityUrl);
  await trustStandInCa(app, standIn, cloud);
  return cloud;
}

/** Test-only input: the stand-in's CA file, through the native picker under the card's "More options" (opened by the caller or here). */
export async function trustStandInCa(app: AppHarness, standIn: StandIn, card: Locator): Promise<void> {
  if (!(await card.getByRole('button', { name: 'Choose CA file…' }).isVisible())) await card.getByText('More options').click();
  await chooseFile(app, card, 'Choose CA file…', standIn.caFile);
  await expect(card.getByLabel(/Extra trusted root/)).toHaveValue(path.basename(standIn.caFile));
}

/** The cloud card: the stand-in's endpoints and CA, then the API key pasted (sign-in starts by itself; the caller checks the outcome). */
export async function signInToCloud(app: AppHarness, standIn: StandIn, key: ApiKey): Promise<Locator> {
  const cloud = await pointCloudAtStandIn(app, standIn);
  await cloud.getByLabel('Paste the API key').fill(apiKeyText(key));
  return cloud;
}

/** The self-hosted card (its vault URL suggested from the install): the CA, then the API key pasted (the caller checks the outcome). */
export async function signInToSelf(app: AppHarness, standIn: StandIn, key: ApiKey): Promise<Locator> {
  const self = app.page.getByTestId('connection-self');
  await trustStandInCa(app, standIn, self);
  await self.getByLabel('Paste the API key').fill(apiKeyText(key));
  return self;
}

/** Connect: the install, then both API-key sign-ins through the UI, trusting the stand-in's CA file. */
export async function connectBoth(app: AppHarness, standIn: StandIn, installRoot: string, cloudOwner: StandInUser, selfOwner: StandInUser): Promise<void> {
  await chooseInstallFolder(app, installRoot);
  const cloud = await signInToCloud(app, standIn, cloudOwner);
  await expect(cloud.getByTestId('chosen-organization-cloud')).toContainText('Owner ✓');
  const self = await signInToSelf(app, standIn, selfOwner);
  await expect(self.getByTestId('chosen-organization-self')).toContainText('Owner ✓');
}

export async function openStep(page: Page, step: string, title: string): Promise<void> {
  await page.locator(`[data-step="${step}"]`).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** A file through main's native picker (the stand-in answers it), by the button that opens it. */
export async function chooseFile(app: AppHarness, scope: Locator | Page, button: string, file: string): Promise<void> {
  app.dialogAnswers.push(file);
  await scope.getByRole('button', { name: button }).click();
}

/**
 * Test-only, before the admin's path starts: the firewall check targets the stand-in's cloud API through
 * its CA (a real check needs no input), then back to Connect.
 */
export async function pointFirewallCheckAtStandIn(app: AppHarness, standIn: StandIn): Promise<void> {
  const page = app.page;
  await page.locator('[data-step="firewall"]').click();
  await page.getByText('Options: region, proxy, custom targets').click();
  await page.getByText('Custom targets (advanced)').click();
  await page.getByLabel(/Custom target URLs/).fill(`${standIn.endpoints('cloud').apiUrl}/alive`);
  await chooseFile(app, page, 'Choose file…', standIn.caFile);
  await page.getByLabel(/Connect directly/).check();
  await page.locator('[data-step="connect"]').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connect' })).toBeVisible();
}

/** Connect step: "Another server over SSH", with the host, the login user and the sshd's port filled in (not submitted). */
export async function fillSshServerForm(page: Page, server: { user: string; port: number }): Promise<void> {
  await page.getByLabel('Another server over SSH').check();
  await page.getByLabel('Host (name, address or alias)').fill('127.0.0.1');
  await page.getByLabel('User', { exact: true }).fill(server.user);
  await page.getByLabel('Port').fill(String(server.port));
}
