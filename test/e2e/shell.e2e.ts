import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './harness/app-fixture';

const STEPS = ['Connect', 'Firewall check', 'Cloud communication', 'License', 'Billing sync', 'Sync & verify'];

test('the wizard shell renders all six steps with their status', async ({ app }) => {
  await app.open();
  const nav = app.page.getByRole('navigation', { name: 'Setup steps' });
  for (const title of STEPS) await expect(nav.getByRole('button', { name: new RegExp(title) })).toBeVisible();
  await expect(nav.getByRole('button', { name: /Connect/ })).toHaveAttribute('aria-current', 'step');
  await expect(nav.locator('[data-status="done"]')).toHaveCount(0);
  // Steps that need the install say so until Connect has read it.
  await expect(nav.locator('[data-step="cloud-communication"]')).toHaveAttribute('data-open', 'false');
  await expect(nav.locator('[data-step="cloud-communication"]')).toContainText('Needs the install first');
  await expect(nav.locator('[data-step="license"]')).toHaveAttribute('data-open', 'true');
  await app.screenshot('wizard-shell');
});

test('every step can be reached with the keyboard alone and passes the accessibility check', async ({ app }) => {
  await app.open();
  const page = app.page;
  // Skip link first, then the steps in order.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the current step' })).toBeFocused();
  for (const title of STEPS) {
    await page.keyboard.press('Tab');
    const button = page.getByRole('navigation', { name: 'Setup steps' }).getByRole('button', { name: new RegExp(title) });
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(button).toHaveAttribute('aria-current', 'step');
    await app.expectNoSeriousA11yViolations(title);
    // Focus moved into the step; go back to the stepper for the next one.
    await button.focus();
  }
});

test('Connect reads a real temp install through the real core, and refuses a folder that is not one', async ({ app }) => {
  const install = await app.createTempInstall({
    envContent: [
      'globalSettings__baseServiceUri__vault=https://vault.example.test',
      'globalSettings__baseServiceUri__cloudRegion=US',
      'globalSettings__installation__id=7d6f3c8e-1111-4a2b-9c3d-123456789abc',
      'globalSettings__installation__key=SECRETKEYNOTSHOWN',
      '',
    ].join('\n'),
  });
  const empty = await mkdtemp(path.join(os.tmpdir(), 'not-an-install-'));
  try {
    await app.open();
    const page = app.page;
    await page.getByLabel(/Bitwarden install folder/).fill(empty);
    await page.getByRole('button', { name: 'Read install' }).click();
    await expect(page.getByRole('alert')).toContainText('not-an-install');
    await expect(page.locator('[data-step="connect"]')).toHaveAttribute('data-status', 'needs-attention');

    app.dialogAnswers.push(install.root);
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(page.getByTestId('installation-id')).toHaveText('7d6f3c8e-1111-4a2b-9c3d-123456789abc');
    await expect(page.getByLabel(/Bitwarden install folder/)).toHaveValue(install.root);
    await expect(page.getByTestId('cloud-communication')).toHaveText('off');
    await expect(page.getByText('SECRETKEYNOTSHOWN')).toHaveCount(0);
    // Reading the install is half of Connect: it is done once both servers are signed in too (connections.e2e.ts).
    await expect(page.locator('[data-step="connect"]')).toHaveAttribute('data-status', 'not-started');
    await expect(page.locator('[data-step="cloud-communication"]')).toHaveAttribute('data-status', 'needs-attention');

    await page.getByRole('button', { name: 'Copy installation ID' }).click();
    await expect.poll(() => app.copiedTexts).toEqual(['7d6f3c8e-1111-4a2b-9c3d-123456789abc']);
    await app.expectNoSeriousA11yViolations('Connect with an install');
    await app.screenshot('connect-step');
  } finally {
    await install.dispose();
    await rm(empty, { recursive: true, force: true });
  }
});
