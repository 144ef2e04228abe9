import { readFile } from 'node:fs/promises';
import { expect, test } from './harness/app-fixture';

const ENV = [
  '# Bitwarden environment overrides',
  'globalSettings__baseServiceUri__vault=https://vault.example.test',
  'globalSettings__baseServiceUri__cloudRegion=US',
  'globalSettings__installation__id=7d6f3c8e-1111-4a2b-9c3d-123456789abc',
  'globalSettings__installation__key=SECRETKEYNOTSHOWN',
  'globalSettings__enableCloudCommunication=false',
  '',
].join('\n');

test('Cloud communication: see the diff, confirm, see the backup, apply with a live log, step done', async ({ app }) => {
  // The stand-in prints lines over time (odd ones on stderr); root prompt skipped (tests run as root).
  const install = await app.createTempInstall({ envContent: ENV, control: { rootPrompt: 'skip', lines: 30, interval: 0.2 } });
  try {
    await app.open();
    const page = app.page;
    app.dialogAnswers.push(install.root);
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(page.getByTestId('cloud-communication')).toHaveText('off');

    await page.locator('[data-step="cloud-communication"]').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cloud communication' })).toBeVisible();
    await expect(page.getByTestId('cloud-current-value')).toContainText('globalSettings__enableCloudCommunication=false');

    // The exact diff before anything is written, secrets redacted.
    const diff = page.getByRole('region', { name: 'Change to global.override.env' }).or(page.getByLabel('Change to global.override.env'));
    await expect(diff.locator('[data-kind="remove"]')).toHaveText(/-globalSettings__enableCloudCommunication=false/);
    await expect(diff.locator('[data-kind="add"]')).toHaveText(/\+globalSettings__enableCloudCommunication=true/);
    await expect(page.getByText('SECRETKEYNOTSHOWN')).toHaveCount(0);
    expect(await readFile(install.envFile, 'utf8')).toBe(ENV);
    await app.expectNoSeriousA11yViolations('Cloud communication before writing');

    await page.getByRole('button', { name: 'Confirm and write' }).click();
    const backup = page.getByTestId('cloud-backup-path');
    await expect(backup).toHaveText(/global\.override\.env\.\d{8}T\d{9}Z\.bak$/);
    expect(await readFile((await backup.textContent())!, 'utf8')).toBe(ENV);
    expect(await readFile(install.envFile, 'utf8')).toBe(ENV.replace('CloudCommunication=false', 'CloudCommunication=true'));
    await expect(page.getByTestId('cloud-current-value')).toContainText('globalSettings__enableCloudCommunication=true');
    // Written but not applied: the running server does not know yet.
    await expect(page.locator('[data-step="cloud-communication"]')).toHaveAttribute('data-status', 'needs-attention');

    // Three methods, restart chosen by default, each with its command to copy.
    // The apply options are collapsed under the Run button; opening them shows all three.
    await page.getByText(/^Other ways to apply/).click();
    await expect(page.getByRole('radio', { name: 'Restart (recommended)' })).toBeChecked();
    await expect(page.getByRole('radio')).toHaveCount(3);
    await expect(page.getByTestId('apply-command-restart')).toHaveText(`cd ${install.root} && ./bitwarden.sh restart`);
    await page.getByRole('button', { name: 'Copy Restart (recommended) command' }).click();
    await expect.poll(() => app.copiedTexts).toContain(`cd ${install.root} && ./bitwarden.sh restart`);
    // Arrow keys move within the radio group (keyboard access), then back to the default.
    await page.getByRole('radio', { name: 'Restart (recommended)' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('radio', { name: 'Rebuild, then start' })).toBeChecked();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByRole('radio', { name: 'Restart (recommended)' })).toBeChecked();

    await page.getByRole('button', { name: /^Run restart/ }).click();
    // The log is collapsed under the result banner until asked for.
    await page.getByText(/^Show the command output/).click();
    const log = page.getByRole('log', { name: 'Command output' });
    // Lines arrive while the command still runs: the status says running and Cancel is enabled.
    await expect(log).toContainText('line 2');
    await expect(page.getByTestId('apply-status')).toContainText('Running restart');
    await expect(page.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    await expect(log.locator('[data-stream="stderr"]').first()).toContainText('ERR');
    await expect(log.locator('[data-stream="stderr"]').first()).toContainText(/\d\d:\d\d:\d\d\.\d{3}/);

    await expect(page.getByTestId('apply-outcome')).toBeVisible({ timeout: 20_000 });
    await expect(log).toContainText('stack started');
    await expect(page.getByTestId('apply-command-result')).toHaveCount(1);
    await expect(page.getByTestId('apply-command-result')).toContainText('./bitwarden.sh restart');
    await expect(page.getByTestId('apply-command-result')).toContainText('exit 0');
    await expect(page.getByTestId('apply-after-value')).toContainText('true');
    const logFile = (await page.getByTestId('apply-log-file').textContent())!;
    expect(await readFile(logFile, 'utf8')).toContain('OUT line 12');
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart']);

    await expect(page.locator('[data-step="cloud-communication"]')).toHaveAttribute('data-status', 'done');
    await app.expectNoSeriousA11yViolations('Cloud communication after apply');
    console.log('[e2e] layout shift by step', JSON.stringify(await app.layoutShiftByStep()));
    await app.expectLowLayoutShift();
    // Show the apply section: methods, live log and outcome.
    await page.getByTestId('apply-status').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await app.screenshot('cloud-communication-step');
  } finally {
    await install.dispose();
  }
});

test('Cloud communication: a region mismatch blocks writing until "Fix the region URIs too"; Undo restores the backup', async ({ app }) => {
  const env = 'globalSettings__baseServiceUri__cloudRegion=EU\nglobalSettings__installation__identityUri=https://identity.bitwarden.com\n';
  const install = await app.createTempInstall({ envContent: env, control: { rootPrompt: 'skip' } });
  try {
    await app.open();
    const page = app.page;
    app.dialogAnswers.push(install.root);
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(page.getByTestId('cloud-communication')).toHaveText('off');
    await page.locator('[data-step="cloud-communication"]').click();

    await expect(page.getByRole('alert')).toContainText('region-mismatch');
    await expect(page.getByRole('button', { name: 'Confirm and write' })).toHaveCount(0);
    await page.getByLabel('Fix the region URIs too').check();
    await expect(page.getByLabel('Change to global.override.env').locator('[data-kind="add"]').first()).toContainText('identity.bitwarden.eu');
    await page.getByRole('button', { name: 'Confirm and write' }).click();
    await expect(page.getByTestId('cloud-backup-path')).toBeVisible();
    expect(await readFile(install.envFile, 'utf8')).toContain('globalSettings__installation__identityUri=https://identity.bitwarden.eu\n');

    await page.getByRole('button', { name: 'Undo (restore the backup)' }).click();
    await expect(page.getByTestId('cloud-restored')).toBeVisible();
    expect(await readFile(install.envFile, 'utf8')).toBe(env);
    await expect(page.locator('[data-step="cloud-communication"]')).toHaveAttribute('data-status', 'needs-attention');
  } finally {
    await install.dispose();
  }
});

test('Cloud communication: a failing command shows its exit status and the step is not done', async ({ app }) => {
  const install = await app.createTempInstall({ envContent: 'globalSettings__enableCloudCommunication=true\n', control: { rootPrompt: 'skip', fail: 3 } });
  try {
    await app.open();
    const page = app.page;
    app.dialogAnswers.push(install.root);
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await page.locator('[data-step="cloud-communication"]').click();
    await expect(page.getByText('Cloud communication is already on in the file.')).toBeVisible();
    await page.getByRole('button', { name: /^Run restart/ }).click();
    await expect(page.getByTestId('apply-command-result')).toContainText('exit 3');
    await expect(page.getByTestId('apply-outcome')).toContainText('command-failed');
    await page.getByText(/^Show the command output/).click();
    await expect(page.getByRole('log', { name: 'Command output' })).toContainText('failing with 3');
  } finally {
    await install.dispose();
  }
});

test('Cloud communication: the live log keeps up with 20,000 lines (virtualized) and stops following when scrolled up', async ({ app }) => {
  const install = await app.createTempInstall({ envContent: 'globalSettings__enableCloudCommunication=true\n', control: { rootPrompt: 'skip', huge: 20_000, lines: 40, interval: 0.05 } });
  try {
    await app.open();
    const page = app.page;
    app.dialogAnswers.push(install.root);
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await page.locator('[data-step="cloud-communication"]').click();
    await page.getByRole('button', { name: /^Run restart/ }).click();
    // The log is collapsed under the result banner until asked for.
    await page.getByText(/^Show the command output/).click();
    const log = page.getByRole('log', { name: 'Command output' });
    await expect.poll(async () => Number(await log.getAttribute('data-line-count'))).toBeGreaterThan(20_000);
    // Following: the view sits at the bottom while output streams.
    await expect.poll(() => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight)).toBeLessThan(25);
    // Only the visible window is in the DOM.
    expect(await log.locator('.log-row').count()).toBeLessThan(100);
    // Scrolled up by the user: new lines no longer pull the view down.
    await log.evaluate((element) => {
      element.scrollTop = 0;
      element.dispatchEvent(new Event('scroll'));
    });
    await expect(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
    await expect(page.getByTestId('apply-outcome')).toBeVisible({ timeout: 20_000 });
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
    await expect(log).toContainText('huge 1');
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await expect(log).toContainText('restart ended: exit 0');
  } finally {
    await install.dispose();
  }
});
