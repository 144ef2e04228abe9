import { Option, type Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions } from '../host-options';
import { addRouteOption, addRouteWithHostOptions } from '../route-options';

const TOKEN_HELP =
  '\nThe master password is used once, to derive the hash the cloud checks, and is never stored or printed. It comes from a prompt ' +
  'without echo, or for scripts from --password-env VAR (the variable\'s value) or --password-file FILE (its first line). Owners without ' +
  'a master password (SSO with trusted devices, Key Connector) use --otp: a one-time code is e-mailed and asked for. ' +
  'The token is kept in the OS keychain under the cloud organization; nothing secret is printed unless --show.';

function tokenCommand(billingSync: Command) {
  return addRouteWithHostOptions(
      billingSync
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
      .addHelpText('after', TOKEN_HELP),
  );
}
export type BillingSyncTokenCommand = ReturnType<typeof tokenCommand>;

function saveCommand(billingSync: Command) {
  return addRouteWithHostOptions(
      billingSync
      .command('save')
      .description('save the kept billing sync token on the self-hosted organization (creates or updates its billing sync connection)')
      .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
      .addOption(new Option('--cloud-org <cloud-org-id>', 'the cloud organization whose kept token to save (default: the one named by the server)').conflicts('tokenStdin'))
      .option('--token-stdin', 'read the token from standard input instead of the keychain')
      .addOption(jsonOption()),
  );
}
export type BillingSyncSaveCommand = ReturnType<typeof saveCommand>;

function statusCommand(billingSync: Command) {
  return addRouteOption(
    addHostOptions(
      billingSync
        .command('status')
        .description("the self-hosted organization's billing sync connection (never the token) and whether the server runs with cloud communication")
        .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
        .option('--bwdata <dir>', "the install folder (here, or on the server with --host/--server): adds the recent sync lines of the server's logs")
        .addOption(jsonOption()),
    ),
  );
}
export type BillingSyncStatusCommand = ReturnType<typeof statusCommand>;

function verifyCommand(billingSync: Command) {
  return addRouteWithHostOptions(
      billingSync
      .command('verify')
      .description('verify now, through the license sync: the server pulls its license from the cloud with the saved token (exit 0 verified, 1 with the step that fixes it)')
      .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
      .addOption(jsonOption())
      .addHelpText(
        'after',
        '\nThe license sync travels the same way as the sponsorship sync (the api container, the installation\'s identity, the saved ' +
          'billing sync token) and works before any sponsorship exists. Verified = the server\'s LastLicenseSync changed. ' +
          'On failure the server\'s own words are printed with the step that fixes them (billing-sync, cloud-communication, firewall, license, connect).',
      ),
  );
}
export type BillingSyncVerifyCommand = ReturnType<typeof verifyCommand>;

function waitCommand(sync: Command) {
  return addRouteOption(
    addHostOptions(
      sync
        .command('wait')
        .description('wait until the server records a sponsorship sync newer than --since (exit 0), or list the likely causes on timeout (exit 1)')
        .requiredOption('--org <self-hosted-org-id>', 'the self-hosted organization id')
        .option('--since <iso>', 'only a sync after this time counts (default: now)')
        .option('--timeout-s <seconds>', 'how long to wait (default 600)')
        .addOption(new Option('--interval-s <seconds>', 'seconds between polls (default 5)').hideHelp())
        .option('--bwdata <dir>', "the install folder (here, or on the server with --host/--server): adds the recent sync lines of the server's logs")
        .addOption(jsonOption()),
    ),
  );
}
export type SyncWaitCommand = ReturnType<typeof waitCommand>;

function reportCommand(program: Command) {
  return addRouteOption(
    addHostOptions(
      program
        .command('report')
        .description('the finished-setup report: each step with its evidence, secrets redacted')
        .option('--bwdata <dir>', 'the install folder (default: the last one used)')
        .option('--org <self-hosted-org-id>', 'the self-hosted organization (default: the one from earlier steps)')
        .addOption(jsonOption()),
    ),
  );
}
export type ReportCommand = ReturnType<typeof reportCommand>;

/** `billing-sync token|save|status|verify`, `sync wait` and `report` */
export function registerBillingSyncCommands(program: Command, hooks: ProgramHooks): void {
  const billingSync = program.command('billing-sync').description('the billing sync token: get it from the cloud or paste it, keep it in the keychain, save it on the self-hosted server');
  defineAction(tokenCommand(billingSync), hooks, () => import('./billing-sync-token-run'));
  defineAction(saveCommand(billingSync), hooks, () => import('./billing-sync-save-run'));
  defineAction(statusCommand(billingSync), hooks, () => import('./billing-sync-status-run'));
  defineAction(verifyCommand(billingSync), hooks, () => import('./billing-sync-verify-run'));

  const sync = program.command('sync').description('the sponsorship sync between the self-hosted server and the cloud');
  defineAction(waitCommand(sync), hooks, () => import('./sync-wait-run'));

  defineAction(reportCommand(program), hooks, () => import('./report-run'));
}
