import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closedPort, startHttpsServer, startSilentServer, type RunningServer } from '../support/network/servers';
import { createTestPki, type TestCa, type TestPki } from '../support/test-pki';
import { expect, test, type AppHarness } from './harness/app-fixture';
import { chooseFile } from './harness/wizard-steps';

// The screen's "custom targets (advanced)" points the real check at loopback HTTPS servers with a test
// root given as the CA file: nothing leaves this machine.
let pki: TestPki;
let ca: TestCa;
let ok: RunningServer;
let silent: RunningServer;
let refused: number;

test.beforeAll(async () => {
  pki = await createTestPki();
  ca = await pki.createCa('Firewall E2E Root', { organization: 'Test Public CA' });
  const leaf = await pki.createLeaf(ca, { commonName: 'localhost', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  ok = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem });
  silent = await startSilentServer();
  refused = await closedPort();
});

test.afterAll(async () => {
  await ok?.close();
  await silent?.close();
  await pki?.dispose();
});

async function openFirewallStep(app: AppHarness, urls: string[]) {
  await app.open();
  const page = app.page;
  await page.getByRole('navigation', { name: 'Setup steps' }).getByRole('button', { name: /Firewall check/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Firewall check' })).toBeVisible();
  // Before anything runs: exactly the region's hosts are listed, and that nothing secret is sent.
  const planned = page.getByTestId('planned-contacts');
  await expect(planned).toContainText('api.bitwarden.com:443');
  await expect(planned).toContainText('identity.bitwarden.com:443');
  await expect(page.getByText('No key, token or password is sent')).toBeVisible();

  await page.getByText('Options: region, proxy, custom targets').click();
  await page.getByText('Custom targets (advanced)').click();
  await page.getByLabel(/Custom target URLs/).fill(urls.join('\n'));
  await chooseFile(app, page, 'Choose file…', ca.certPath);
  await expect(page.getByLabel(/Also trust this root certificate/)).toHaveValue(path.basename(ca.certPath));
  await page.getByLabel(/Connect directly/).check();
  for (const url of urls) await expect(planned).toContainText(new URL(url).host);
  await expect(planned).not.toContainText('api.bitwarden.com');
  return page;
}

test('the firewall check runs against local HTTPS servers: stages stream in, one ok and one refused row with remediation', async ({ app }) => {
  // The silent target holds the run for its 5 s TLS budget, and two axe scans follow.
  test.setTimeout(120_000);
  const urls = [`https://127.0.0.1:${ok.port}/alive`, `https://127.0.0.1:${refused}/alive`, `https://127.0.0.1:${silent.port}/alive`];
  const page = await openFirewallStep(app, urls);
  const rows = page.getByTestId('firewall-row');
  await expect(rows).toHaveCount(3);
  // Every row reserves all seven stage chips before the run: nothing jumps while results stream in.
  await expect(rows.nth(0).locator('[data-stage]')).toHaveCount(7);
  const heightBefore = await rows.nth(0).evaluate((el) => el.getBoundingClientRect().height);

  await page.getByRole('button', { name: 'Run check' }).click();
  // The silent server holds the run in its TLS stage for the budget; meanwhile the other rows are already in.
  await expect(page.getByTestId('firewall-progress')).toContainText('Checking…');
  const okRow = rows.nth(0);
  await expect(okRow.locator('[data-stage="http"]')).toHaveAttribute('data-status', 'pass');
  await expect(rows.nth(1).locator('[data-stage="tcp"]')).toHaveAttribute('data-status', 'fail');
  await expect(rows.nth(2).locator('[data-stage="tcp"]')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  expect(await page.getByTestId('firewall-progress').textContent()).toMatch(/Checking… \d+ of 21 stages finished/);
  expect(await okRow.evaluate((el) => el.getBoundingClientRect().height)).toBe(heightBefore);

  await expect(page.getByTestId('firewall-progress')).toContainText('Finished', { timeout: 20_000 });
  await expect(okRow).toHaveAttribute('data-verdict', 'ok');
  await expect(page.getByTestId('measured-from')).toHaveText("Measured from this computer (this computer's own connections).");
  await expect(rows.nth(1)).toHaveAttribute('data-verdict', 'refused');
  await expect(rows.nth(1).getByTestId('verdict')).toContainText('refused');
  // A stage that did not run is shown as skipped, never as passed.
  for (const stage of ['tls', 'http', 'clock']) {
    await expect(rows.nth(1).locator(`[data-stage="${stage}"]`)).toHaveAttribute('data-status', 'skipped');
  }
  await expect(rows.nth(2)).not.toHaveAttribute('data-verdict', 'ok');

  const remedy = page.locator(`[data-testid="remediation"][data-target="${urls[1]}"]`);
  await expect(remedy).toContainText('For you:');
  await expect(remedy).toContainText('For the network team:');
  await expect(page.getByTestId('firewall-summary')).toContainText('Problems found');
  await expect(page.locator('[data-step="firewall"]')).toHaveAttribute('data-status', 'needs-attention');

  await app.expectNoSeriousA11yViolations('Firewall check with results');
  await page.getByRole('button', { name: 'Run again' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await app.screenshot('firewall-step');

  // Expandable detail per host, by keyboard.
  const summary = okRow.getByText('Details for 127.0.0.1');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(okRow.locator('table')).toContainText('chains to the root given with --ca');

  // The container test commands with copy buttons and the caveat.
  await page.getByText('Test from the server and inside its containers').click();
  await expect(page.getByText(/does not prove the containers can reach the cloud/)).toBeVisible();
  await app.expectNoSeriousA11yViolations('Firewall check with details and container commands open');


  await page.getByRole('button', { name: 'Copy report' }).click();
  await expect.poll(() => app.copiedTexts.join('\n')).toContain(`127.0.0.1:${refused} — refused`);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'firewall-e2e-'));
  try {
    const file = path.join(folder, 'report.json');
    app.dialogAnswers.push(file);
    await page.getByRole('button', { name: 'Save report (JSON)' }).click();
    await expect(page.getByText(`Saved to ${file}`)).toBeVisible();
    expect(existsSync(file)).toBe(true);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.targets.map((t: { verdict: string }) => t.verdict).slice(0, 2)).toEqual(['ok', 'refused']);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a running check can be cancelled from the keyboard', async ({ app }) => {
  const page = await openFirewallStep(app, [`https://127.0.0.1:${silent.port}/alive`]);
  await page.getByRole('button', { name: 'Run check' }).click();
  await expect(page.getByTestId('firewall-row').locator('[data-stage="tcp"]')).toHaveAttribute('data-status', 'pass');
  await page.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('The check was cancelled.')).toBeVisible();
  await expect(page.locator('[data-step="firewall"]')).toHaveAttribute('data-status', 'not-started');
  await expect(page.getByRole('button', { name: 'Run again' })).toBeEnabled();
});

test('"Give this proxy to the containers" shows the diff with the password hidden, writes after confirmation with a backup, then points to apply', async ({ app }) => {
  const install = await app.createTempInstall({ envContent: 'globalSettings__baseServiceUri__cloudRegion=EU\n# keep me\n' });
  try {
    await app.open();
    const page = app.page;
    await page.getByLabel(/Bitwarden install folder/).fill(install.root);
    await page.getByRole('button', { name: 'Read install' }).click();
    await page.getByRole('navigation', { name: 'Setup steps' }).getByRole('button', { name: /Firewall check/ }).click();
    // The install's region decides the hosts.
    await page.getByText('Options: region, proxy, custom targets').click();
    await expect(page.getByText('(from the install)')).toBeVisible();
    await expect(page.getByTestId('planned-contacts')).toContainText('api.bitwarden.eu:443');

    const proxy = 'http://svc:Pa55word@proxy.corp.test:3128';
    await page.getByLabel('Proxy (optional)').fill(proxy);
    // Through a proxy only the proxy itself is contacted, and the plan says so (password never shown).
    await expect(page.getByTestId('planned-contacts')).toContainText('proxy.corp.test:3128');
    await page.getByRole('button', { name: 'Give this proxy to the containers…' }).click();
    const diff = page.getByTestId('diff-view');
    await expect(diff).toContainText('+HTTPS_PROXY=http://***@proxy.corp.test:3128');
    await expect(diff).toContainText('+NO_PROXY=');
    await expect(page.locator('body')).not.toContainText('Pa55word');
    expect(readFileSync(install.envFile, 'utf8')).not.toContain('HTTPS_PROXY');
    await app.expectNoSeriousA11yViolations('Firewall check: proxy for the containers');

    // The folder was typed, not chosen: main asks before writing to it (the harness's dialog says yes).
    expect(app.confirmations).toEqual([]);
    await page.getByRole('button', { name: 'Write it (with a backup)' }).click();
    await expect(page.getByText(/Written to/)).toBeVisible();
    expect(app.confirmations).toEqual([`Change the files of the install at ${install.root}?`]);
    await expect(page.getByText(/backup:/)).toBeVisible();
    const written = readFileSync(install.envFile, 'utf8');
    expect(written).toContain(`HTTPS_PROXY=${proxy}\n`);
    expect(written).toContain('# keep me');
    await page.getByRole('button', { name: 'Apply it in the Cloud communication step' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cloud communication' })).toBeVisible();
  } finally {
    await install.dispose();
  }
});
