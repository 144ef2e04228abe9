import type { ConnectionManager } from '../core/connections';
import type { Host } from '../core/host';
import type { OpenedSecretStore } from '../core/secrets';
import type { FileSettingsStore } from '../core/settings';
import type { CliContext } from './cli-context';

/**
 * What CLI commands share: the install host, the settings file, the secret store and the connection
 * manager. Each piece is built on first use, so a command that only needs settings never probes the
 * keychain (which can take seconds when a Secret Service is locked or absent).
 *
 * Use it from a command's run module through `withCliServices(context, async (services) => …)`,
 * which calls `close()` when done (the connection manager keeps HTTPS connections open).
 */
export interface CliServices {
  host(): Promise<Host>;
  /** `$XDG_CONFIG_HOME/sponsorship-setup/settings.json` (default `~/.config/…`). */
  settings(): Promise<FileSettingsStore>;
  /** The OS keychain, or memory only (then `reason` says why, and secrets must come from the environment next time). */
  secrets(): Promise<OpenedSecretStore>;
  /** Sign-in to the cloud and the self-hosted vault (surface `cli`; reads BW_CLIENTID / BW_CLIENTSECRET from the context's env). */
  connections(): Promise<ConnectionManager>;
  /** The licensing certificate inspections use instead of Bitwarden's built-in one (tests only); undefined = built-in. */
  licensingCertificate(): Uint8Array | undefined;
  close(): Promise<void>;
}

/** What an in-process caller (a test) may replace; the installed command never sets any. */
export interface CliServiceOverrides {
  /** Replaces Bitwarden's built-in licensing certificate, e.g. with a test key's certificate. */
  licensingCertificate?: Uint8Array;
  /** Replaces the OS keychain (a test's memory store), so an in-process run never touches the machine's keychain. */
  secrets?: OpenedSecretStore;
}

export function createCliServices(context: Pick<CliContext, 'env' | 'log' | 'apiRoute'>, overrides: CliServiceOverrides = {}): CliServices {
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let made: Promise<T> | undefined;
    return () => (made ??= make());
  };
  let connectionsMade: ConnectionManager | undefined;
  let routeServerMade: (Host & { close(): Promise<void> }) | undefined;
  const openServer = context.apiRoute?.openServer;
  // Opened on the first API call that goes through the server, once, and closed with the services.
  const routeServer = openServer
    ? once(async () => {
        routeServerMade = await openServer();
        return { host: routeServerMade, label: routeServerMade.label };
      })
    : undefined;

  const host = once(async () => (await import('../core/host')).createLocalHost());
  const settings = once(async () => {
    const { FileSettingsStore, defaultSettingsPath } = await import('../core/settings');
    return new FileSettingsStore(defaultSettingsPath(context.env));
  });
  const secrets = once(async () => {
    if (overrides.secrets) return overrides.secrets;
    const { openSecretStore } = await import('../core/secrets');
    return openSecretStore({ log: context.log });
  });
  const connections = once(async () => {
    const [{ createConnectionManager }, { proxyFromEnvironment }, settingsStore, secretStore] = await Promise.all([
      import('../core/connections'),
      import('../core/vault-api/system-proxy'),
      settings(),
      secrets(),
    ]);
    connectionsMade = createConnectionManager({
      settings: settingsStore,
      secrets: secretStore.store,
      surface: 'cli',
      env: context.env,
      log: context.log,
      routes: { resolveSystemProxy: async (url) => proxyFromEnvironment(context.env, url), ...(routeServer ? { server: routeServer } : {}) },
      ...(context.apiRoute?.route ? { routeOverride: context.apiRoute.route } : {}),
    });
    return connectionsMade;
  });

  return {
    host,
    settings,
    secrets,
    connections,
    licensingCertificate: () => overrides.licensingCertificate,
    async close() {
      await connectionsMade?.close();
      await routeServerMade?.close();
    },
  };
}

/** Runs `work` with fresh services (with the context's overrides) and always closes them, however `work` ends. */
export async function withCliServices<T>(context: Pick<CliContext, 'env' | 'log' | 'apiRoute' | 'services'>, work: (services: CliServices) => Promise<T>): Promise<T> {
  const services = createCliServices(context, context.services);
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}
