import type { ConnectionManager } from '../core/connections';
import type { Host } from '../core/host';
import type { OpenedSecretStore } from '../core/secrets';
import type { SettingsStore } from '../core/settings';
import type { AppInfo } from './payloads';

/** Native file dialogs; Electron's in the app, scripted ones in end-to-end tests. */
export interface NativeDialogs {
  pickFolder(options: { title: string }): Promise<string | null>;
  pickFile(options: { title: string; extensions?: string[] }): Promise<string | null>;
  saveFile(options: { title: string; defaultPath: string }): Promise<string | null>;
  /** A yes/no question main asks before something the page asked for (a typed install, a new secret destination). */
  confirm(options: { title: string; message: string; detail: string; confirmLabel: string }): Promise<boolean>;
}

/** Everything the handler table is built from. Electron adapters and the test harness both provide it. */
export interface AppServices {
  /**
   * The Bitwarden host the install steps work on. Given as this computer; inside the handler table it
   * is the current one (a server over SSH after the admin connected to it, see trust.hosts).
   */
  host: Host;
  /** Where ~/.ssh (config, known_hosts, keys) and SSH_AUTH_SOCK come from; default os.homedir() and process.env (tests give a temp HOME). */
  sshEnvironment?: { home: string; env: NodeJS.ProcessEnv };
  appInfo(): Promise<AppInfo>;
  dialogs: NativeDialogs;
  /** The one external-link opener: `https:` only. Returns false when it refused the URL. Handlers pass only URLs main built. */
  openExternal(url: string): Promise<boolean>;
  clipboard: { writeText(text: string): void };
  /** Where the app keeps its own files: command logs, reports; and the user's downloads folder. */
  /** `licenses`: the app's own data folder for downloaded licenses (kept per installation). */
  paths: { logs: string; downloads: string; licenses: string };
  /** Non-secret settings (electron-store in the app). */
  settings: SettingsStore;
  /** The OS keychain, or memory only with the reason to tell the admin. */
  secrets: OpenedSecretStore;
  /** Sign-in to the cloud and the self-hosted vault, built on `settings` and `secrets`. */
  connections: ConnectionManager;
  log(line: string): void;
  /**
   * The licensing certificate every license inspection uses instead of Bitwarden's built-in one, unless the
   * admin chose a certificate file. Absent in the app; tests give their test key's certificate here.
   */
  licensingCertificate?(): Uint8Array | undefined;
  /** Electron's `session.resolveProxy(url)` (system settings, PAC, WPAD), e.g. "PROXY h:p; DIRECT"; absent outside the app. */
  resolveSystemProxy?(url: string): Promise<string>;
}
