import https from 'node:https';
import type { Page } from '@playwright/test';
import { expect, type AppHarness } from './app-fixture';

/** Helpers shared by the billing-sync and full-wizard end-to-end tests (spec files must not import each other). */
export type StandIn = Awaited<ReturnType<AppHarness['core']['startBitwardenStandIn']>>;
export type StandInUser = Awaited<ReturnType<StandIn['addUser']>>;

/** "Manually Sync" in the stand-in's System Administrator Portal (research §4.4), as the admin's browser would. */
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

/** Connect: the install, then both API-key sign-ins through the UI, trusting the stand-in's CA file. */
export async function connectBoth(app: AppHarness, standIn: StandIn, installRoot: string, cloudOwner: StandInUser, selfOwner: StandInUser): Promise<void> {
  const page = app.page;
  app.dialogAnswers.push(installRoot);
  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByTestId('installation-id')).toBeVisible();
  const cloud = page.getByTestId('connection-cloud');
  await cloud.getByLabel('Other Bitwarden cloud (explicit endpoints)').check();
  await cloud.getByLabel('API URL').fill(standIn.endpoints('cloud').apiUrl);
  await cloud.getByLabel('Identity URL').fill(standIn.endpoints('cloud').identityUrl);
  await cloud.getByLabel('client_id').fill(cloudOwner.clientId);
  await cloud.getByLabel('client_secret').fill(cloudOwner.clientSecret);
  app.dialogAnswers.push(standIn.caFile);
  await cloud.getByRole('button', { name: 'Choose CA file…' }).click();
  await cloud.getByRole('button', { name: 'Sign in to the cloud' }).click();
  await expect(cloud.getByTestId('chosen-organization-cloud')).toContainText('Chosen:');
  const self = page.getByTestId('connection-self');
  await self.getByLabel('client_id').fill(selfOwner.clientId);
  await self.getByLabel('client_secret').fill(selfOwner.clientSecret);
  app.dialogAnswers.push(standIn.caFile);
  await self.getByRole('button', { name: 'Choose CA file…' }).click();
  await self.getByRole('button', { name: 'Sign in to the self-hosted vault' }).click();
  await expect(self.getByTestId('chosen-organization-self')).toContainText('Chosen:');
}

export async function openStep(page: Page, step: string, title: string): Promise<void> {
  await page.locator(`[data-step="${step}"]`).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}
