import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTestUsers, installOwnerIds, LOGIN_USER, makeKey, sshSkipReason, startSshd } from '../support/ssh';
import { expect, test } from './harness/app-fixture';
import { fillSshServerForm } from './harness/wizard-steps';

const INSTALLATION_ID = '5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f';
const ENV = `globalSettings__installation__id=${INSTALLATION_ID}\nglobalSettings__installation__key=E2EINSTALLKEY\nglobalSettings__baseServiceUri__cloudRegion=US\n`;
const PASSPHRASE = 'e2e key passphrase';
const skipReason = sshSkipReason();

/**
 * The Connect step to a server behind a ProxyJump hop (a second real sshd on loopback), logging in with
 * a passphrase-protected key chosen in the native file dialog: the passphrase is asked in the page's
 * dialog while the connection waits, and the server is saved with its hop and key (never the passphrase).
 */
test('a server behind a ProxyJump hop, with a locked key chosen in the dialog: the passphrase is asked while connecting; saved, then forgotten', async ({ app }) => {
  test.skip(skipReason !== null, `skipped: ${skipReason}`);
  test.setTimeout(120_000);
  await ensureTestUsers();
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-e2e-jump-home-'));
  await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
  // Not a default key name: only used because the admin chose it.
  const key = await makeKey(home, 'work_ed25519', 'ed25519', PASSPHRASE);
  const authorizedKeys = { [LOGIN_USER]: [key.publicKey] };
  const [hop, server] = await Promise.all([startSshd({ authorizedKeys }), startSshd({ authorizedKeys })]);
  const { uid, gid } = await installOwnerIds();
  const install = await app.createTempInstall({ envContent: ENV, owner: { uid, gid } });
  try {
    app.useSshHome(home);
    await app.open();
    const page = app.page;

    await fillSshServerForm(page, { user: LOGIN_USER, port: server.port });
    await page.getByLabel('ProxyJump (optional)').fill(`${LOGIN_USER}@127.0.0.1:${hop.port}`);
    app.dialogAnswers.push(key.file);
    await page.getByRole('button', { name: 'Choose key file…' }).click();
    await expect(page.getByLabel(/^Key file/)).toHaveValue('work_ed25519');
    await page.getByLabel('Remember as (optional)').fill('behind-hop');
    app.confirmAnswers.push(true, true);
    await page.getByRole('button', { name: 'Connect to the server' }).click();

    // The passphrase, asked in the page while the connection waits (once for both the hop and the server).
    const question = page.getByRole('dialog', { name: 'Passphrase of the SSH key' });
    await expect(question).toBeVisible({ timeout: 20_000 });
    await expect(question).toContainText('the key work_ed25519');
    await app.expectNoSeriousA11yViolations('the passphrase question');
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');

    await expect(page.getByTestId('server-status')).toContainText(`Connected as ${LOGIN_USER}@127.0.0.1:${server.port}`, { timeout: 20_000 });
    await expect(question).toBeHidden();
    // Both host keys were asked natively: the hop's first, then the server's (reached through the hop).
    expect(app.confirmations).toHaveLength(2);
    expect(app.confirmations[0]).toContain(hop.hostKeyFingerprint);
    expect(app.confirmations[1]).toContain(server.hostKeyFingerprint);
    expect(hop.log()).toContain(`Accepted publickey for ${LOGIN_USER}`);

    // Saved with its hop and key; the passphrase is nowhere on the page.
    const saved = page.getByTestId('saved-server-behind-hop');
    await expect(saved).toContainText(`through ${LOGIN_USER}@127.0.0.1:${hop.port}`);
    await expect(saved).toContainText('key work_ed25519');
    expect(await page.content()).not.toContain(PASSPHRASE);

    await page.getByLabel('Install folder on the server (holds bitwarden.sh and bwdata)').fill(install.root);
    await page.getByRole('button', { name: 'Read install on the server' }).click();
    await expect(page.getByTestId('installation-id')).toHaveText(INSTALLATION_ID, { timeout: 20_000 });

    // Forget it: back to this computer first, then Remove (asked once on the page).
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByLabel('Another server over SSH').check();
    await page.getByRole('button', { name: 'Remove behind-hop', exact: true }).click();
    await page.getByRole('button', { name: 'Remove behind-hop and its kept secrets' }).click();
    await expect(page.getByTestId('saved-server-behind-hop')).toHaveCount(0);
  } finally {
    await install.dispose();
    await Promise.all([hop.stop(), server.stop()]);
    await fs.rm(home, { recursive: true, force: true });
  }
});
