import { promises as fs } from 'node:fs';
import path from 'node:path';
import { adminHomeWithSshd, installOwnerIds, LOGIN_USER, OWNER_USER, sshSkipReason } from '../support/ssh';
import { expect, test } from './harness/app-fixture';
import { fillSshServerForm, openStep } from './harness/wizard-steps';

const INSTALLATION_ID = '5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f';
const ENV = `globalSettings__installation__id=${INSTALLATION_ID}\nglobalSettings__installation__key=E2EINSTALLKEY\nglobalSettings__baseServiceUri__cloudRegion=US\n`;
const skipReason = sshSkipReason();

/**
 * The wizard on a remote install over a real OpenSSH server on loopback: the admin's HOME is a temp
 * folder (login key, known_hosts), the install belongs to another user whom the SSH login becomes
 * through sudo, and the host key question is main's native dialog (answered by the harness).
 */
test('a remote install over SSH: Connect (host key asked natively, sudo as the owner) → Firewall check from the server and its containers → Cloud communication written and applied on the server', async ({ app }) => {
  test.skip(skipReason !== null, `skipped: ${skipReason}`);
  test.setTimeout(120_000);
  const { home, sshd, dispose } = await adminHomeWithSshd('sst-e2e-home-');
  const { uid, gid } = await installOwnerIds();
  const install = await app.createTempInstall({ envContent: ENV, owner: { uid, gid }, control: { rootPrompt: 'skip', lines: 3, interval: 0.05 } });
  try {
    app.useSshHome(home);
    await app.open();
    const page = app.page;

    // Connect: where the server is, then the host key question (native, in main).
    await expect(page.getByRole('group', { name: 'Where is the Bitwarden server?' })).toBeVisible();
    await fillSshServerForm(page, { user: LOGIN_USER, port: sshd.port });
    await page.getByLabel('Remember as (optional)').fill('test-server');
    app.confirmAnswers.push(true);
    await page.getByRole('button', { name: 'Connect to the server' }).click();
    await expect(page.getByTestId('server-status')).toContainText(`Connected as ${LOGIN_USER}@127.0.0.1:${sshd.port}`, { timeout: 20_000 });
    expect(app.confirmations).toHaveLength(1);
    expect(app.confirmations[0]).toContain(sshd.hostKeyFingerprint);
    expect(await fs.readFile(path.join(home, '.ssh', 'known_hosts'), 'utf8')).toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 `);
    // No local path in sight: the folder field is the server's.
    await expect(page.getByLabel(/Bitwarden install folder/)).toHaveCount(0);

    await page.getByLabel('Install folder on the server (holds bitwarden.sh and bwdata)').fill(install.root);
    await page.getByRole('button', { name: 'Read install on the server' }).click();
    await expect(page.getByTestId('installation-id')).toHaveText(INSTALLATION_ID, { timeout: 20_000 });
    await expect(page.getByTestId('server-status')).toContainText(`acting as ${OWNER_USER} through sudo`);
    await expect(page.getByTestId('cloud-communication')).toHaveText('off');
    await app.expectNoSeriousA11yViolations('Connect on a server');
    await app.screenshot('connect-remote-server');

    // Firewall check: measured from the server's network (a loopback port nothing listens on: refused there).
    await openStep(page, 'firewall', 'Firewall check');
    await page.getByText('Options: region, proxy, custom targets').click();
    await page.getByText('Custom targets (advanced)').click();
    await page.getByLabel(/Custom target URLs/).fill('https://127.0.0.1:9/alive');
    await page.getByLabel(/Connect directly/).check();
    await page.getByRole('button', { name: 'Run check' }).click();
    await expect(page.getByTestId('firewall-progress')).toContainText('Finished', { timeout: 30_000 });
    await expect(page.getByTestId('measured-from')).toContainText('Measured from the server (connections the server opened through SSH forwarding');

    // Also from the containers: main asks natively, then runs docker exec on the server as the install's owner.
    // No Docker daemon here: every command runs and fails, and each says why beside what it would prove.
    await page.getByRole('button', { name: 'Also test from the containers…' }).click();
    await expect(page.getByTestId('container-run-summary')).toHaveText(`Ran on ${LOGIN_USER}@127.0.0.1:${sshd.port} as ${OWNER_USER}: 0 of 8 passed.`, { timeout: 60_000 });
    expect(app.confirmations).toHaveLength(2);
    expect(app.confirmations[1]).toBe(`Run 8 test commands with docker exec in bitwarden-api and bitwarden-admin on ${LOGIN_USER}@127.0.0.1:${sshd.port} as ${OWNER_USER}?`);
    const fromContainers = page.getByTestId('container-run').getByTestId('container-verdict');
    await expect(fromContainers).toHaveCount(8);
    await expect(fromContainers.first()).toContainText(/docker/i);
    await expect(fromContainers.first()).toContainText('would prove which proxy the daily billing and license sync uses');
    await app.expectNoSeriousA11yViolations('Firewall check with container results');

    // Cloud communication: written on the server (no second question: the host key yes confirmed it), then applied there.
    await openStep(page, 'cloud-communication', 'Cloud communication');
    await page.getByRole('button', { name: 'Confirm and write' }).click();
    await expect(page.getByTestId('cloud-backup-path')).toBeVisible({ timeout: 20_000 });
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(`${ENV}globalSettings__enableCloudCommunication=true\n`);
    expect((await fs.stat(install.envFile)).uid).toBe(Number(uid));
    expect(app.confirmations).toHaveLength(2);
    await page.getByRole('button', { name: /^Run restart/ }).click();
    await expect(page.getByTestId('apply-outcome')).toBeVisible({ timeout: 60_000 });
    const calls = await install.calls();
    expect(calls.some((line) => line.startsWith(`uid=${Number(uid)} `) && line.includes('restart'))).toBe(true);
  } finally {
    await install.dispose();
    await dispose();
  }
});
