import { openSshHost } from '../../main/core/host/ssh/ssh-host';
import { applyConfiguration } from '../../main/core/runner';
import { adminHomeWithSshd, installOwnerIds, LOGIN_USER, OWNER_USER, promptsAnswering, specFor, sshSkipReason, trustingOnly } from '../support/ssh';
import { expect, test } from './harness/app-fixture';
import { fillSshServerForm } from './harness/wizard-steps';

const ENV = 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nglobalSettings__installation__key=E2EINSTALLKEY\nglobalSettings__baseServiceUri__cloudRegion=US\nglobalSettings__enableCloudCommunication=true\n';
const skipReason = sshSkipReason();

/**
 * A restart left running on the server by an earlier session (its link cut while bitwarden.sh waits
 * between stopping and starting the stack): opening the install on the server, the app says so beside
 * the steps while still on Connect; its button leads to Cloud communication, which follows its log live
 * to the end, without starting anything again.
 */
test('a restart left running on the server is noticed on Connect and re-attached in Cloud communication', async ({ app }) => {
  test.skip(skipReason !== null, `skipped: ${skipReason}`);
  test.setTimeout(150_000);
  const { home, key, sshd, dispose } = await adminHomeWithSshd('sst-e2e-reattach-');
  const { uid, gid } = await installOwnerIds();
  const install = await app.createTempInstall({ envContent: ENV, owner: { uid, gid }, control: { rootPrompt: 'skip', pause: 25 } });
  try {
    // The earlier session: starts the restart as the owner and loses its link once the stack is stopped.
    const login = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [key.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts: promptsAnswering() });
    const owner = await login.asUser(OWNER_USER);
    let closing: Promise<void> | null = null;
    await applyConfiguration(owner, install.root, {
      method: 'restart',
      idleTimeoutMs: 60_000,
      onLine: (line) => {
        if (line.text === 'stopping the stack') closing ??= login.close();
      },
    }).catch(() => undefined);
    await closing;

    app.useSshHome(home);
    await app.open();
    const page = app.page;
    await fillSshServerForm(page, { user: LOGIN_USER, port: sshd.port });
    app.confirmAnswers.push(true);
    await page.getByRole('button', { name: 'Connect to the server' }).click();
    await expect(page.getByTestId('server-status')).toContainText('Connected as', { timeout: 30_000 });
    await page.getByLabel('Install folder on the server (holds bitwarden.sh and bwdata)').fill(install.root);
    await page.getByRole('button', { name: 'Read install on the server' }).click();
    await expect(page.getByTestId('server-status')).toContainText(`acting as ${OWNER_USER} through sudo`, { timeout: 30_000 });

    // Still on Connect: the run is noticed as soon as the install is opened, beside the steps.
    const notice = page.getByTestId('server-run-notice');
    await expect(notice).toContainText(`on ${LOGIN_USER}@`, { timeout: 30_000 });
    await expect(notice).toContainText('A restart');
    await expect(page.getByRole('heading', { level: 1, name: 'Connect' })).toBeVisible();
    // The pause between stop and start is long enough that it is normally still running; if not, it ended unseen.
    if ((await notice.getAttribute('data-phase')) === 'running') await expect(page.locator('[data-step="cloud-communication"]')).toHaveAttribute('data-status', 'in-progress');
    await app.expectNoSeriousA11yViolations('Connect with a run left on the server');
    // By keyboard, its button leads to the live log on Cloud communication.
    await notice.getByRole('button', { name: /^(Follow its live log|See how it ended)$/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Cloud communication' })).toBeVisible();
    await expect(page.getByTestId('attached-run-notice')).toContainText('A restart (run ', { timeout: 30_000 });
    await expect(page.getByTestId('attached-run-notice')).toContainText('sponsorship-setup/runs/');
    await page.getByText(/^Show the command output/).click();
    await expect(page.getByText('stopping the stack')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('apply-outcome')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('stack started')).toBeVisible();
    await app.expectNoSeriousA11yViolations('Cloud communication re-attached');
    // Followed, not started again: bitwarden.sh ran once.
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart']);
  } finally {
    await install.dispose();
    await dispose();
  }
});
