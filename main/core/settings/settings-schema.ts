import { z } from 'zod';

/**
 * Key names that look like they hold a secret. Settings are a plain file (or electron-store JSON), so
 * the schema refuses such keys anywhere — a second fence behind "secrets go to the SecretStore".
 * `clientId` is public (`user.<guid>`) and allowed; `clientSecret` is not.
 */
const SECRET_KEY_PATTERN = /(secret|password|passwd|passphrase|token|apikey|api_key|privatekey|private_key|installationkey|billingsynckey|masterpassword|otp)$/i;

export function isSecretLookingKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key.replace(/[-_\s]/g, '')) || /secret|password|passphrase/i.test(key);
}

const httpsUrl = z.string().url().refine((value) => value.startsWith('https://'), 'must be an https:// URL');

const serverSettingsSchema = z.strictObject({
  /** Cloud only: which region the endpoints came from; `custom` for explicit URLs. */
  region: z.enum(['US', 'EU', 'custom']).optional(),
  /** Self-hosted only: the vault address the endpoints were derived from. */
  vaultUrl: httpsUrl.optional(),
  apiUrl: httpsUrl,
  identityUrl: httpsUrl,
  /** Path of an extra trusted root CA (PEM) for this server. */
  caFile: z.string().min(1).optional(),
  /** `user.<guid>` of the personal API key; its secret is in the SecretStore. */
  clientId: z.string().min(1).optional(),
  email: z.string().optional(),
  /** The organization the admin picked on this server. */
  organizationId: z.string().optional(),
  /**
   * Hosts (host:port) outside the Bitwarden cloud and the chosen install that the admin allowed, in a
   * native dialog, to receive this connection's secrets. Host names only, never a secret.
   */
  confirmedHosts: z.array(z.string().max(300)).max(10).optional(),
  /**
   * How API calls to this server travel: `direct` (the default when absent), `system-proxy`, or `server`
   * (through the connected SSH server). Kept in step with API_ROUTE_KINDS in vault-api/api-route.ts.
   */
  route: z.enum(['direct', 'system-proxy', 'server']).optional(),
});

/** Names of saved SSH servers: what `--server NAME` and the app's list show; also part of keychain account names. */
export const SSH_SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * A Bitwarden server reached over SSH. Its passphrase, password and sudo password are never here:
 * they are asked for each time, or kept in the OS keychain when the admin chooses.
 */
const sshServerSchema = z.strictObject({
  name: z.string().regex(SSH_SERVER_NAME_PATTERN, 'letters, digits, dot, dash and underscore (up to 64), starting with a letter or digit'),
  /** Host name, address or ~/.ssh/config alias. */
  host: z.string().min(1),
  user: z.string().min(1).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** A private key file on this computer. */
  identityFile: z.string().min(1).optional(),
  /**
   * ProxyJump hops (`[user@]host[:port]` or aliases, comma-separated) used instead of ~/.ssh/config's;
   * `none` (saved lower-case) connects directly even when ~/.ssh/config names a ProxyJump, as OpenSSH's `-J none`.
   */
  proxyJump: z.string().min(1).max(1024).optional(),
  /** The install folder on the server (absolute). */
  installFolder: z.string().startsWith('/', 'must be an absolute path on the server').optional(),
});

const wizardValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const settingsSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    /** Stable device identifier sent to Bitwarden identity (the `deviceIdentifier` field of connect/token). */
    deviceId: z.string().uuid().optional(),
    servers: z.strictObject({ cloud: serverSettingsSchema.optional(), self: serverSettingsSchema.optional() }).default({}),
    lastInstallFolder: z.string().optional(),
    /** Servers reached over SSH, by unique name. */
    sshServers: z
      .array(sshServerSchema)
      .default([])
      .refine((servers) => new Set(servers.map((s) => s.name)).size === servers.length, 'SSH server names must be unique'),
    wizard: z
      .strictObject({
        currentStep: z.string().optional(),
        completedSteps: z.array(z.string()).default([]),
        /** Small per-step values (ids, flags). Keys are checked for secret-looking names. */
        values: z.record(z.string(), wizardValue).default({}),
      })
      .default({ completedSteps: [], values: {} }),
  })
  .superRefine((settings, ctx) => {
    for (const path of secretLookingPaths(settings)) {
      ctx.addIssue({ code: 'custom', message: `settings must not hold secrets (key "${path.join('.')}")`, path });
    }
  });

export type Settings = z.infer<typeof settingsSchema>;
export type ServerSettings = z.infer<typeof serverSettingsSchema>;
export type SshServerSettings = z.infer<typeof sshServerSchema>;

export function emptySettings(): Settings {
  return settingsSchema.parse({});
}

function secretLookingPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (!value || typeof value !== 'object') return [];
  const found: (string | number)[][] = [];
  for (const [key, child] of Object.entries(value)) {
    if (isSecretLookingKey(key)) found.push([...path, key]);
    found.push(...secretLookingPaths(child, [...path, key]));
  }
  return found;
}
