import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { createTempInstall } from '../../support/temp-install';
import type * as Core from './core-entry';
import { serveFolder } from './static-server';

const root = path.join(__dirname, '../../..');

/** The real core, as bundled by scripts/build-e2e-harness.mjs. */
export async function loadCore(): Promise<typeof Core> {
  return (await import(pathToFileURL(path.join(root, 'out/e2e/core.mjs')).href)) as typeof Core;
}

export interface AppHarness {
  page: Page;
  core: typeof Core;
  /** Builds a throw-away Bitwarden install (stand-in bitwarden.sh + bwdata). */
  createTempInstall: typeof createTempInstall;
  /** Paths the next native folder/file dialogs will "choose" (null = cancelled). */
  dialogAnswers: (string | null)[];
  /**
   * Answers of the next native yes/no dialogs main asks (a typed install, a new secret destination);
   * when none is queued the admin says yes. Every question asked is in `confirmations`.
   */
  confirmAnswers: boolean[];
  confirmations: string[];
  /** Where the next dropped files are on disk, as Electron's webUtils.getPathForFile would say ('' = not a file). */
  droppedFilePaths: string[];
  openedLinks: string[];
  copiedTexts: string[];
  /** Where main finds ~/.ssh (config, known_hosts, keys) from now on: a temp HOME, so tests never touch the real one. */
  useSshHome(home: string): void;
  /** Replaces Bitwarden's built-in licensing certificate through the app services (e.g. with a test key's). */
  useLicensingCertificate(certificate: Uint8Array): void;
  /** Opens the renderer with `window.sponsorship` wired to the real handler table. */
  open(): Promise<void>;
  expectNoSeriousA11yViolations(context: string): Promise<void>;
  /**
   * Takes a screenshot of the page. Every run writes it under test-results/screenshots; with
   * UPDATE_SCREENSHOTS=1 it replaces the committed one in assets/screenshots (used by the README).
   */
  screenshot(name: string): Promise<void>;
  /**
   * Cumulative layout shift per step (Chromium's 'layout-shift' entries, summed by the step on screen
   * when each shift happened; see LAYOUT_SHIFT_SCRIPT for which count).
   */
  layoutShiftByStep(): Promise<Record<string, number>>;
  /** Forgets the shifts so far (after test-only setup the admin never does). */
  resetLayoutShift(): Promise<void>;
  /** Fails when any step's layout shift reached `limit`. */
  expectLowLayoutShift(limit?: number): Promise<void>;
}

/**
 * Installed before the page's own scripts: sums layout shifts by the step shown in the sidebar. A
 * shift right after the admin opened a disclosure (<summary>) or edited a field moved content on
 * request (what the admin asked to see, a preview of what they typed) and is left out, as Chromium's
 * CLS does; every other shift counts, also one just after a button press (a result that arrives and
 * pushes the next section down is a jump whether or not the admin clicked just before).
 */
const LAYOUT_SHIFT_SCRIPT = `
  window.__layoutShift = {};
  window.__layoutShiftLog = [];
  let disclosureInput = false;
  const noteInput = (event) => { disclosureInput = Boolean(event.target && event.target.closest && event.target.closest('summary, input, textarea, select, label')); };
  document.addEventListener('pointerdown', noteInput, true);
  document.addEventListener('keydown', noteInput, true);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput && disclosureInput) continue;
      const current = document.querySelector('[aria-current="step"]');
      const step = current ? current.getAttribute('data-step') : document.querySelector('[data-guided-screen]') ? 'guided' : 'none';
      window.__layoutShift[step] = (window.__layoutShift[step] || 0) + entry.value;
      window.__layoutShiftLog.push(step + ' ' + entry.value.toFixed(4) + (entry.hadRecentInput ? ' (input)' : '') + ' ' + (entry.sources || []).map((s) => s.node ? (s.node.className || s.node.nodeName) + ':' + s.previousRect.y + '->' + s.currentRect.y : '?').join(', '));
    }
  }).observe({ type: 'layout-shift', buffered: true });
`;

export const test = base.extend<{ app: AppHarness }>({
  app: async ({ page }, use) => {
    const core = await loadCore();
    const server = await serveFolder(path.join(root, 'out/renderer'));
    const dialogAnswers: (string | null)[] = [];
    const confirmAnswers: boolean[] = [];
    const confirmations: string[] = [];
    const droppedFilePaths: string[] = [];
    const openedLinks: string[] = [];
    const copiedTexts: string[] = [];
    const logs: string[] = [];
    let licensingCertificate: Uint8Array | undefined;
    let sshEnvironment: { home: string; env: NodeJS.ProcessEnv } | undefined;
    const appFolder = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-e2e-app-'));
    // The e2e browser has no OS keychain: secrets stay in memory, exactly as the app does without one.
    const settings = new core.MemorySettingsStore();
    const secretStore = new core.MemorySecretStore();
    const connections = core.createConnectionManager({ settings, secrets: secretStore, surface: 'desktop', log: (line) => void logs.push(line) });
    // The session's trust, so the SSH connection a test opened is closed when the test ends.
    const trust = core.createTrust();
    const table = core.buildHandlerTable({
      host: core.createLocalHost(),
      appInfo: async () => ({ name: 'Sponsorship Setup', version: 'e2e', platform: process.platform, secretStorage: { persistent: false, reason: 'end-to-end test' } }),
      dialogs: {
        pickFolder: async () => dialogAnswers.shift() ?? null,
        pickFile: async () => dialogAnswers.shift() ?? null,
        saveFile: async () => dialogAnswers.shift() ?? null,
        confirm: async ({ message }) => {
          confirmations.push(message);
          return confirmAnswers.shift() ?? true;
        },
      },
      openExternal: async (url) => {
        const allowed = url.startsWith('https://');
        if (allowed) openedLinks.push(url);
        return allowed;
      },
      clipboard: { writeText: (text) => void copiedTexts.push(text) },
      paths: { logs: path.join(appFolder, 'logs'), downloads: path.join(appFolder, 'downloads'), licenses: path.join(appFolder, 'licenses') },
      settings,
      secrets: { store: secretStore, persistent: false, reason: 'end-to-end test: no keychain' },
      connections,
      log: (line) => void logs.push(line),
      licensingCertificate: () => licensingCertificate,
      get sshEnvironment() {
        return sshEnvironment;
      },
    }, trust);
    const dispatcher = core.createDispatcher(table, (line) => logs.push(line));
    await page.exposeBinding('__sponsorshipInvoke', async (_source, channel: string, request: unknown) =>
      dispatcher.dispatch(channel, request, (event, payload) => {
        void page.evaluate(([name, data]) => window.__sponsorshipEmit(name as string, data), [event, payload] as const).catch(() => {});
      }),
    );
    await page.exposeBinding('__harnessDroppedFilePath', async () => droppedFilePaths.shift() ?? '');
    await page.addInitScript({ content: readFileSync(path.join(root, 'out/e2e/bridge.js'), 'utf8') });
    await page.addInitScript({ content: LAYOUT_SHIFT_SCRIPT });
    // Air-gap promise: the renderer may load only its own bundle.
    const foreignRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
    });

    await use({
      page,
      core,
      createTempInstall,
      dialogAnswers,
      confirmAnswers,
      confirmations,
      droppedFilePaths,
      openedLinks,
      copiedTexts,
      useSshHome(home) {
        sshEnvironment = { home, env: { HOME: home, SSH_AUTH_SOCK: '' } };
      },
      useLicensingCertificate(certificate) {
        licensingCertificate = certificate;
      },
      async open() {
        await page.goto(server.url);
        await expect(page.getByRole('navigation', { name: 'Setup steps' })).toBeVisible();
      },
      async expectNoSeriousA11yViolations(context) {
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
        expect(serious.map((violation) => `${context}: ${violation.id} — ${violation.help} (${violation.nodes.length})`)).toEqual([]);
      },
      async layoutShiftByStep() {
        return page.evaluate(() => ({ ...(window as unknown as { __layoutShift: Record<string, number> }).__layoutShift }));
      },
      async resetLayoutShift() {
        await page.evaluate(() => {
          const w = window as unknown as { __layoutShift: Record<string, number>; __layoutShiftLog: string[] };
          w.__layoutShift = {};
          w.__layoutShiftLog = [];
        });
      },
      async expectLowLayoutShift(limit = 0.05) {
        const byStep = await page.evaluate(() => ({ ...(window as unknown as { __layoutShift: Record<string, number> }).__layoutShift }));
        const over = Object.entries(byStep).filter(([, value]) => value >= limit);
        if (over.length > 0) console.log(await page.evaluate(() => (window as unknown as { __layoutShiftLog: string[] }).__layoutShiftLog.join('\n')));
        expect(over.map(([step, value]) => `${step}: ${value.toFixed(3)}`), `layout shift per step must stay under ${limit}`).toEqual([]);
      },
      async screenshot(name) {
        const folder = process.env['UPDATE_SCREENSHOTS'] === '1' ? 'assets/screenshots' : 'test-results/screenshots';
        await page.screenshot({ path: path.join(root, folder, `${name}.png`), fullPage: false });
      },
    });
    dispatcher.cancelAll();
    await trust.hosts.close();
    await connections.close();
    await server.close();
    await rm(appFolder, { recursive: true, force: true });
    expect(foreignRequests, 'the renderer contacted something outside its own bundle').toEqual([]);
  },
});

export { expect };
