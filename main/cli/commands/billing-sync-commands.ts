import { Option, type Command } from 'commander';
import { CoreError, readUserFile } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { strictNumber } from '../option-values';
import { addRouteOption } from '../route-options';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions, withCommandHost, type HostOptions } from '../host-options';
import { checkServerLogOptions, readServerLogs, serverLogsText } from './server-logs-option';

interface TokenOptions {
  org: string;
  rotate?: boolean;
  passwordEnv?: string;
  passwordenv?: string;
  passwordFile?: string;
  passwordfile?: string;
  otp?: boolean;
  paste?: boolean;
  show?: boolean;
  json?: boolean;
}

interface SaveOptions {
  org: string;
  cloudOrg?: string;
  tokenStdin?: boolean;
  json?: boolean;
}

interface StatusOptions extends HostOptions {
  org: string;
  json?: boolean;
}

interface VerifyOptions {
  org: string;
  json?: boolean;
}

interface WaitOptions extends HostOptions {
  org: string;
  since?: string;
  timeoutS?: string;
  intervalS?: string;
  json?: boolean;
}

interface ReportOptions extends HostOptions {
  org?: string;
  json?: boolean;
}

const TOKEN_HELP =
  '\nThe master password is used once, to derive the hash the cloud checks, and is never stored or printed. It comes from a prompt ' +
  'without echo, or for scripts from --password-env VAR (the variable\'s value) or --password-file FILE (its first line). Owners without ' +
  'a master password (SSO with trusted devices, Key Connector) use --otp: a one-time code is e-mailed and asked for. ' +
  'The token is kept in the OS keychain under the cloud organization; nothing secret is printed unless --show.';

/** `billing-sync token|save|status`, `sync wait` and `report` */
export function registerBillingSyncCommands(program: Command, hooks: ProgramHooks): void {
  const billingSync = program.command('billing-sync').description('the billing sync token: get it from the cloud or paste it, keep it in the keychain, save it on the self-hosted server');

  const token = billingSync
    .command('token')
    .description('get the billing sync token of a cloud organization (signed-in cloud owner) and keep it in the OS keychain')
    .requiredOption('--org <cloud-org-id>', 'the cloud organization id')
    .option('--rotate', 'make a NEW token; the old one stops working at once for every installation that uses it')
    .option('--password-env <var>', 'read the master password from this environment variable')
    .addOption(new Option('--passwordenv <var>', 'same as --password-env (Bitwarden CLI spelling)').hideHelp())
    .option('--password-file <file>', "read the master password from this file's first line")
    .addOption(new Option('--passwordfile <file>', 'same as --password-file (Bitwarden CLI spelling)').hideHelp())
    .option('--otp', 'verify with a one-time code sent by e-mail instead of the master password')
    .option('--paste', 'read a token you already have from standard input instead (offline path)')
    .option('--show', 'print the token (it is secret: anyone with it can sync as this organization)')
    .addOption(jsonOption())
    .addHelpText('after', TOKEN_HELP);
  addRouteOption(token, { withHostOptions: true });
  defineAction<TokenOptions>(token, hooks, (options, context) => runToken(options, context));

  const save = billingSync
    .command('save')
    .description('save the kept billing sync token on the self-hosted organization (creates or updates its billing sync connection)')
    .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
    .addOption(new Option('--cloud-org <cloud-org-id>', 'the cloud organization whose kept token to save (default: the one named by the server)').conflicts('tokenStdin'))
    .option('--token-stdin', 'read the token from standard input instead of the keychain')
    .addOption(jsonOption());
  addRouteOption(save, { withHostOptions: true });
  defineAction<SaveOptions>(save, hooks, (options, context) => runSave(options, context));

  const status = billingSync
    .command('status')
    .description("the self-hosted organization's billing sync connection (never the token) and whether the server runs with cloud communication")
    .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
    .option('--bwdata <dir>', "the install folder (here, or on the server with --host/--server): adds the recent sync lines of the server's logs")
    .addOption(jsonOption());
  addHostOptions(status);
  addRouteOption(status, { withHostOptions: false });
  defineAction<StatusOptions>(status, hooks, (options, context) => runStatus(options, context));

  const verify = billingSync
    .command('verify')
    .description('verify now, through the license sync: the server pulls its license from the cloud with the saved token (exit 0 verified, 1 with the step that fixes it)')
    .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nThe license sync travels the same way as the sponsorship sync (the api container, the installation\'s identity, the saved ' +
        'billing sync token) and works before any sponsorship exists. Verified = the server\'s LastLicenseSync changed. ' +
        'On failure the server\'s own words are printed with the step that fixes them (billing-sync, cloud-communication, firewall, license, connect).',
    );
  addRouteOption(verify, { withHostOptions: true });
  defineAction<VerifyOptions>(verify, hooks, (options, context) => runVerify(options, context));

  const sync = program.command('sync').description('the sponsorship sync between the self-hosted server and the cloud');
  const wait = sync
    .command('wait')
    .description('wait until the server records a sponsorship sync newer than --since (exit 0), or list the likely causes on timeout (exit 1)')
    .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
    .option('--since <iso>', 'only a sync after this time counts (default: now)')
    .option('--timeout-s <seconds>', 'how long to wait (default 600)')
    .addOption(new Option('--interval-s <seconds>', 'seconds between polls (default 5)').hideHelp())
    .option('--bwdata <dir>', "the install folder (here, or on the server with --host/--server): adds the recent sync lines of the server's logs")
    .addOption(jsonOption());
  addHostOptions(wait);
  addRouteOption(wait, { withHostOptions: false });
  defineAction<WaitOptions>(wait, hooks, (options, context) => runWait(options, context));

  const report = program
    .command('report')
    .description('the finished-setup report: each step with its evidence, secrets redacted')
    .option('--bwdata <dir>', 'the install folder (default: the last one used)')
    .option('--org <self-hosted-org-id>', 'the self-hosted organization (default: the one from earlier steps)')
    .addOption(jsonOption());
  addHostOptions(report);
  addRouteOption(report, { withHostOptions: false });
  defineAction<ReportOptions>(report, hooks, (options, context) => runReport(options, context));
}

async function runToken(options: TokenOptions, context: CliContext): Promise<0> {
  const [{ withCliServices }, core] = await Promise.all([import('../cli-services'), import('../../core/billing-sync')]);
  const cloudOrgId = core.checkOrganizationId(options.org, '--org');
  const passwordEnv = options.passwordEnv ?? options.passwordenv;
  const passwordFile = options.passwordFile ?? options.passwordfile;
  const sources = [passwordEnv !== undefined, passwordFile !== undefined, Boolean(options.otp), Boolean(options.paste)].filter(Boolean).length;
  if (sources > 1) throw new CoreError('conflicting-options', 'Use only one of --password-env, --password-file, --otp and --paste.', 'unusable-input');
  if (options.paste && options.rotate) throw new CoreError('conflicting-options', '--rotate asks the cloud for a new token; it cannot be combined with --paste.', 'unusable-input');

  return withCliServices(context, async (services) => {
    const opened = await services.secrets();
    let kept;
    if (options.paste) {
      const text = await readSecretInput(context, 'Billing sync token (not shown): ');
      kept = await core.pasteToken(opened.store, cloudOrgId, text, context.log);
    } else {
      // Read the password before any request, so a missing variable or file changes nothing.
      let password: string | undefined = passwordEnv !== undefined ? readPasswordEnv(context, passwordEnv) : passwordFile !== undefined ? await readPasswordFile(passwordFile) : undefined;
      const cloud = await (await services.connections()).client('cloud');
      if (options.rotate) context.log(`[billing-sync] warning: ${core.ROTATE_WARNING}`);
      let verification: import('../../core/billing-sync').TokenVerification;
      if (options.otp) {
        await core.requestTokenOtp(cloud);
        context.log('[billing-sync] a one-time code was sent to the e-mail address of the signed-in cloud account');
        verification = { kind: 'otp', code: await readSecretInput(context, 'One-time code from the e-mail: ') };
      } else {
        password ??= await readSecretInput(context, 'Master password of the signed-in cloud account (not shown): ');
        if (!password) {
          throw passwordError(
            'No master password was given. Type it at the prompt, or for scripts use --password-env VAR or --password-file FILE (--otp without a master password). Nothing was sent.',
          );
        }
        verification = { kind: 'master-password', masterPassword: password };
      }
      kept = await core.fetchToken({ cloud, secrets: opened.store, cloudOrgId, verification, rotate: Boolean(options.rotate), log: context.log });
      password = undefined;
    }
    await core.rememberWizardValues(await services.settings(), { [core.WIZARD_KEYS.cloudOrgId]: cloudOrgId });
    const value = options.show ? await core.readStoredToken(opened.store, cloudOrgId) : null;
    const lines = [
      `${kept.source === 'pasted' ? 'Kept the pasted' : kept.source === 'cloud-rotated' ? 'Rotated; kept the new' : 'Kept the'} billing sync token of cloud organization ${cloudOrgId}: ${value ?? kept.masked}`,
      ...kept.warnings.map((warning) => `warning: ${warning}`),
    ];
    if (opened.persistent) lines.push('It is in the OS keychain. Save it on the server: sponsorship-setup billing-sync save --org SELF_HOSTED_ORG_ID');
    else {
      const note = `No OS keychain (${opened.reason}): the token is not kept after this command. Print it with --show and pipe it into: sponsorship-setup billing-sync save --org SELF_HOSTED_ORG_ID --token-stdin`;
      context.log(`[billing-sync] ${note}`);
      lines.push(note);
    }
    context.result(
      {
        ok: true,
        cloudOrgId,
        source: kept.source,
        storage: kept.storage,
        masked: kept.masked,
        revisionDate: kept.revisionDate,
        warnings: kept.warnings,
        token: value ?? undefined,
      },
      lines.join('\n'),
    );
    return 0 as const;
  });
}

async function runSave(options: SaveOptions, context: CliContext): Promise<0> {
  const [{ withCliServices }, core] = await Promise.all([import('../cli-services'), import('../../core/billing-sync')]);
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  const flagCloudOrg = options.cloudOrg ? core.checkOrganizationId(options.cloudOrg, '--cloud-org') : undefined;
  // A piped token is read first: nothing is sent when it is unusable.
  const piped = options.tokenStdin ? core.checkPastedToken(await readSecretInput(context, 'Billing sync token (not shown): ')) : undefined;
  return withCliServices(context, async (services) => {
    const self = await (await services.connections()).client('self');
    let token = piped?.token;
    let cloudOrgId = flagCloudOrg;
    if (!token) {
      const store = (await services.secrets()).store;
      cloudOrgId ??= await resolveCloudOrg(self, selfOrgId, await services.settings(), store, core);
      if (!cloudOrgId) {
        throw new CoreError(
          'cloud-org-unknown',
          'Which cloud organization\'s token? The server has no billing sync connection naming it yet. Give --cloud-org CLOUD_ORG_ID, or pipe the token with --token-stdin.',
          'unusable-input',
        );
      }
      token = await core.requireStoredToken(store, cloudOrgId);
    }
    const saved = await core.saveBillingSyncConnection({ self, selfHostedOrgId: selfOrgId, token, log: context.log });
    token = undefined;
    await core.rememberWizardValues(await services.settings(), core.savedConnectionValues(saved));
    context.result(
      { ok: true, ...saved },
      [
        `${saved.action === 'created' ? 'Created' : 'Updated'} the billing sync connection ${saved.connectionId} (${saved.enabled ? 'enabled' : 'disabled'}) of organization ${selfOrgId}${saved.cloudOrganizationId ? `, linked to cloud organization ${saved.cloudOrganizationId}` : ''}.`,
        saved.note,
        `Next: sponsorship-setup billing-sync verify --org ${selfOrgId}`,
      ].join('\n'),
    );
    return 0 as const;
  });
}

async function runVerify(options: VerifyOptions, context: CliContext): Promise<0 | 1> {
  const [{ withCliServices }, core] = await Promise.all([import('../cli-services'), import('../../core/billing-sync')]);
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  return withCliServices(context, async (services) => {
    const self = await (await services.connections()).client('self');
    context.log(`[billing-sync] asking the server to sync the license of organization ${selfOrgId} from the cloud…`);
    const result = await core.verifyAndRecord({ self, settings: await services.settings(), selfHostedOrgId: selfOrgId, log: context.log });
    if (result.verified) {
      context.result(
        {
          ok: true,
          verified: true,
          selfHostedOrgId: selfOrgId,
          lastLicenseSync: result.lastLicenseSync,
          previousLicenseSync: result.previousLicenseSync,
          sponsorshipSync: result.sponsorshipSync,
        },
        [
          core.SYNC_VERIFIED_TEXT,
          `  last license sync: ${result.previousLicenseSync ?? 'never'} → ${result.lastLicenseSync}`,
          `  ${result.sponsorshipSync?.info ?? 'The sponsorship sync state could not be read.'}`,
        ].join('\n'),
      );
      return 0 as const;
    }
    const lines = [
      `Not verified [${result.error.code}]. Step that fixes it: ${core.SETUP_STEP_TITLES[result.step]}${result.alsoCheck ? `, or ${core.SETUP_STEP_TITLES[result.alsoCheck]}` : ''}.`,
      ...(result.serverMessage ? [`The server said: "${result.serverMessage}"`] : []),
      result.error.message,
      ...(result.offerFreshToken ? ['Get a fresh token: sponsorship-setup billing-sync token --org CLOUD_ORG_ID, then billing-sync save and verify again.'] : []),
      ...(result.step === 'firewall' || result.alsoCheck === 'firewall' ? ['Check the way out from the server itself: sponsorship-setup check (run on the server).'] : []),
    ];
    context.result(
      {
        ok: false,
        verified: false,
        selfHostedOrgId: selfOrgId,
        serverMessage: result.serverMessage,
        step: result.step,
        alsoCheck: result.alsoCheck,
        offerFreshToken: result.offerFreshToken,
        error: result.error,
      },
      lines.join('\n'),
    );
    return 1 as const;
  });
}

async function runStatus(options: StatusOptions, context: CliContext): Promise<0> {
  const [{ withCliServices }, core] = await Promise.all([import('../cli-services'), import('../../core/billing-sync')]);
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  const serverLogs = await readServerLogs(options, context);
  return withCliServices(context, async (services) => {
    const status = await core.readBillingSyncStatus(await (await services.connections()).client('self'), selfOrgId);
    const c = status.connection;
    const lines = [
      `Organization ${status.selfHostedOrgId}`,
      `  cloud communication (server): ${status.cloudCommunication ? 'active' : 'INACTIVE — enable it and restart (sponsorship-setup enable-cloud, apply)'}`,
      c ? `  billing sync connection: ${c.id}, ${c.enabled ? 'enabled' : 'disabled'}` : '  billing sync connection: none (sponsorship-setup billing-sync save)',
      ...(c ? [`  cloud organization: ${c.cloudOrganizationId ?? 'unknown'}`, `  token set: ${c.tokenSet ? 'yes (not shown)' : 'no'}`, `  last license sync: ${c.lastLicenseSync ?? 'never'}`] : []),
      `  sponsorship sync: ${core.sponsorshipSyncInfo(status.lastSyncDate)}`,
      ...(c ? [`  verify now: sponsorship-setup billing-sync verify --org ${status.selfHostedOrgId}`] : []),
    ];
    context.result({ ok: true, ...status, serverLogs: serverLogs ?? undefined }, [...lines, ...serverLogsText(serverLogs)].join('\n'));
    return 0 as const;
  });
}

async function runWait(options: WaitOptions, context: CliContext): Promise<0 | 1> {
  const [{ withCliServices }, core] = await Promise.all([import('../cli-services'), import('../../core/billing-sync')]);
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  checkServerLogOptions(options);
  const since = options.since !== undefined ? new Date(options.since) : new Date();
  if (Number.isNaN(since.getTime())) throw new CoreError('invalid-since', `--since must be an ISO 8601 time (e.g. 2026-08-20T10:00:00Z), got "${options.since}".`, 'unusable-input');
  const timeoutS = seconds(options.timeoutS, 600, '--timeout-s');
  const intervalS = seconds(options.intervalS, 5, '--interval-s');
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    return await withCliServices(context, async (services) => {
      const self = await (await services.connections()).client('self');
      context.log(`[sync] ${core.SPONSORSHIP_FIRST_EXPLANATION}`);
      context.log(`[sync] waiting up to ${timeoutS} s for a sync after ${since.toISOString()}; press Manually Sync in the System Administrator Portal now`);
      const result = await core.waitForSync({
        self,
        selfHostedOrgId: selfOrgId,
        since,
        timeoutMs: timeoutS * 1000,
        intervalMs: intervalS * 1000,
        signal: controller.signal,
        onProgress: (p) => context.log(`[sync] check ${p.attempt} after ${Math.round(p.elapsedMs / 1000)} s: last sync ${p.lastSyncDate ?? 'never'}`),
      });
      if (result.outcome === 'synced') {
        await core.rememberWizardValues(await services.settings(), { [core.WIZARD_KEYS.selfOrgId]: selfOrgId, [core.WIZARD_KEYS.lastSyncDate]: result.lastSyncDate });
        context.result({ ok: true, ...result }, `Synced: the server recorded a sponsorship sync at ${result.lastSyncDate}.\n${core.DAILY_SYNC_EXPLANATION}`);
        return 0 as const;
      }
      const lines = [
        `No sync after ${result.since} within ${timeoutS} s (last sync: ${result.lastSyncDate ?? 'never'}). Likely causes, most likely first:`,
        ...result.causes.map((cause, index) => `  ${index + 1}. ${cause.title} [${cause.code}, step: ${cause.step}] — ${cause.explanation}`),
      ];
      const serverLogs = await readServerLogs(options, context);
      context.result({ ok: false, ...result, serverLogs: serverLogs ?? undefined }, [...lines, ...serverLogsText(serverLogs)].join('\n'));
      return 1 as const;
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

async function runReport(options: ReportOptions, context: CliContext): Promise<0> {
  const [{ withCliServices }, core] = await Promise.all([import('../cli-services'), import('../../core/billing-sync')]);
  const selfHostedOrgId = options.org ? core.checkOrganizationId(options.org, '--org') : undefined;
  return withCommandHost(options, context, async ({ host, bwdata }) => {
    // A folder the admin named must be an install we can read (exit 2 otherwise), not a note in a report
    // that silently lacks it; the remembered folder may have gone and then is only a note.
    if (bwdata) await (await import('../../core/install')).readInstallStatus(host, bwdata);
    return withCliServices(context, (services) => collectReport(services, host, bwdata, selfHostedOrgId, context));
  }, { bwdata: 'optional' });
}

async function collectReport(
  services: import('../cli-services').CliServices,
  host: import('../../core/host').Host,
  bwdata: string | undefined,
  selfHostedOrgId: string | undefined,
  context: CliContext,
): Promise<0> {
  const core = await import('../../core/billing-sync');
  const settings = await services.settings();
  const signedIn = (await settings.load()).servers.self !== undefined;
  const report = await core.collectSetupReport({
    host,
    settings,
    secrets: (await services.secrets()).store,
    connections: signedIn ? await services.connections() : undefined,
    installFolder: bwdata,
    selfHostedOrgId,
  });
  context.result(report, core.formatSetupReportText(report));
  return 0 as const;
}

/** A secret from stdin: a hidden prompt on a terminal, else everything piped in (trimmed by the caller). */
async function readSecretInput(context: CliContext, question: string): Promise<string> {
  const { canPrompt, promptHidden } = await import('../prompt');
  const streams = { stdin: context.stdin, stderr: context.stderr };
  if (canPrompt(streams)) return promptHidden(question, streams);
  const chunks: Buffer[] = [];
  for await (const chunk of context.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  // The first line only: `echo code | …` and files with a trailing newline both work.
  return text.split(/\r?\n/)[0] ?? '';
}

function readPasswordEnv(context: CliContext, name: string): string {
  const value = context.env[name];
  if (value === undefined || value === '') throw passwordError(`The environment variable ${name} (--password-env) is not set or empty. Nothing was sent.`);
  return value;
}

/** A password file is a line; a pipe (`--password-file <(pass show bw)`) is allowed and read with a timeout. */
const PASSWORD_FILE_MAX_BYTES = 64 * 1024;
const PASSWORD_FIFO_TIMEOUT_MS = 10_000;

async function readPasswordFile(file: string): Promise<string> {
  let text: string;
  try {
    const bytes = await readUserFile(file, 'password file (--password-file)', PASSWORD_FILE_MAX_BYTES, { fifoTimeoutMs: PASSWORD_FIFO_TIMEOUT_MS });
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    throw passwordError(`${(error as Error).message} Nothing was sent.`);
  }
  const first = text.split(/\r?\n/)[0] ?? '';
  if (!first) throw passwordError(`The first line of ${file} (--password-file) is empty. Nothing was sent.`);
  return first;
}

function passwordError(message: string): CoreError {
  return new CoreError('master-password-unavailable', message, 'unusable-input');
}

async function resolveCloudOrg(
  self: import('../../core/vault-api').VaultClient,
  selfOrgId: string,
  settings: import('../../core/settings').SettingsStore,
  store: import('../../core/secrets').SecretStore,
  core: typeof import('../../core/billing-sync'),
): Promise<string | undefined> {
  // The server knows the cloud organization from the uploaded license once a connection exists.
  const existing = await self.getBillingSyncConnection(selfOrgId);
  if (existing?.cloudOrganizationId) return existing.cloudOrganizationId.toLowerCase();
  const saved = await settings.load();
  const remembered = saved.wizard.values[core.WIZARD_KEYS.cloudOrgId] ?? saved.servers.cloud?.organizationId;
  if (typeof remembered === 'string' && remembered) return remembered.toLowerCase();
  const kept = await core.storedTokenOrganizations(store);
  return kept.length === 1 ? kept[0] : undefined;
}

function seconds(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = strictNumber(value, flag, { code: 'invalid-number', min: 0, max: 7 * 24 * 3600, unit: 'seconds' });
  if (parsed <= 0) throw new CoreError('invalid-number', `${flag} must be a positive number of seconds, got "${value}".`, 'unusable-input');
  return parsed;
}
