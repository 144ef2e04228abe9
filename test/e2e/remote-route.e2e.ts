import { adminHomeWithSshd, LOGIN_USER, sshSkipReason } from '../support/ssh';
import { expect, test } from './harness/app-fixture';
import { apiKeyText, fillSshServerForm, pointCloudAtStandIn } from './harness/wizard-steps';

const skipReason = sshSkipReason();

/**
 * The route "through the server" from the Connect screen: a real sshd on loopback, the stand-in cloud; the
 * admin connects the server, picks "Through the server" on the cloud card and signs in; the card says how
 * the call was reached, and switching the route in place re-reads the profile on the new route.
 */
test('the cloud card signs in through the connected SSH server and says so; the route can be switched in place', async ({ app }) => {
  test.skip(skipReason !== null, `skipped: ${skipReason}`);
  test.setTimeout(120_000);
  const { home, sshd, dispose } = await adminHomeWithSshd('sst-e2e-route-');
  const standIn = await app.core.startBitwardenStandIn();
  const owner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw', kdf: { type: 'pbkdf2', iterations: 5_000 } });
  standIn.addOrganization('cloud', { name: 'Acme', owner });
  try {
    app.useSshHome(home);
    await app.open();
    const page = app.page;
    const cloud = page.getByTestId('connection-cloud');
    // Before a server is connected only this computer's routes are offered.
    await cloud.getByText('More options').click();
    await expect(cloud.getByRole('radio', { name: /Through the server/ })).toHaveCount(0);
    await cloud.getByText('More options').click();

    await fillSshServerForm(page, { user: LOGIN_USER, port: sshd.port });
    app.confirmAnswers.push(true);
    await page.getByRole('button', { name: 'Connect to the server' }).click();
    const label = `${LOGIN_USER}@127.0.0.1:${sshd.port}`;
    await expect(page.getByTestId('server-status')).toContainText(`Connected as ${label}`, { timeout: 20_000 });

    await pointCloudAtStandIn(app, standIn);
    await cloud.getByRole('radio', { name: `Through the server ${label}` }).check();
    // The stand-in is a host outside the Bitwarden cloud: main asks before the key goes there.
    app.confirmAnswers.push(true);
    await cloud.getByLabel('Paste the API key').fill(apiKeyText(owner));
    await expect(cloud.getByTestId('signed-in-cloud')).toContainText('owner@cloud.test', { timeout: 20_000 });
    await expect(cloud.getByTestId('route-taken-cloud')).toHaveText(`Reached through server ${label}.`);
    await expect(cloud.getByRole('radio', { name: `Through the server ${label}` })).toBeChecked();

    // Switched in place with the keyboard: the profile is read again, directly this time.
    await cloud.getByRole('radio', { name: 'Direct from this computer' }).focus();
    await page.keyboard.press('Space');
    await expect(cloud.getByTestId('route-taken-cloud')).toHaveText('Reached directly from this computer.', { timeout: 20_000 });
    await app.expectNoSeriousA11yViolations('Connect with a route through the server');
    expect(await page.content()).not.toContain(owner.clientSecret);
  } finally {
    await standIn.close();
    await dispose();
  }
});
