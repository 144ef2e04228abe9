import { z } from 'zod';
import { API_ROUTE_KINDS, type ApiRouteKind } from '../../core/vault-api/api-route';
import type { OrganizationMembership, VaultEndpoints } from '../../core/vault-api';
import { CONNECTIONS_INVOKE } from '../channels/connections-channels';
import type { FileHandle } from '../trust/handle-registry';
import { fileIdSchema, installIdSchema, responds } from './contract-helpers';

/** Link ids of the "View API key" pages (Account settings › Security › Keys), opened with `app.openLink`. */
export interface ApiKeyPages {
  cloud: { US: string; EU: string };
  /** The install's own web vault; null when no vault URL is known. */
  self: string | null;
}

export const serverRoleSchema = z.enum(['cloud', 'self']);
/** A route kind only: the renderer never names a proxy, a server or an address for it. */
export const apiRouteSchema = z.enum(API_ROUTE_KINDS);
export type ConnectionRole = z.infer<typeof serverRoleSchema>;

/** Personal API keys and tokens must never cross the network in clear text, so only https:// is accepted. */
const httpsUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .url()
  .refine((value) => value.toLowerCase().startsWith('https://'), 'must be an https:// URL');

/** `user.<guid>`; the connection manager explains a wrong shape in words, so only the size is fenced here. */
const clientIdSchema = z.string().trim().min(1).max(200);
/** Bitwarden's are 30 characters; the limit only keeps an accidental paste of a whole file out. */
const clientSecretSchema = z.string().trim().min(1).max(1024);

const credentials = {
  clientId: clientIdSchema,
  clientSecret: clientSecretSchema,
  /** Extra trusted root (PEM file) for a private PKI, chosen in main; TLS verification stays on. */
  caFileId: fileIdSchema.optional(),
  /** How API calls to this server travel (default direct); saved with the connection. */
  route: apiRouteSchema.optional(),
};

/** Sign-in request. The only IPC payload that carries a secret, once, renderer → main. */
export const connectionLoginSchema = z.union([
  z.strictObject({ role: z.literal('cloud'), region: z.enum(['US', 'EU']), ...credentials }),
  z.strictObject({ role: z.literal('cloud'), region: z.literal('custom'), apiUrl: httpsUrlSchema, identityUrl: httpsUrlSchema, ...credentials }),
  z.strictObject({ role: z.literal('self'), vaultUrl: httpsUrlSchema, ...credentials }),
]);
export type ConnectionLoginRequest = z.input<typeof connectionLoginSchema>;
/** Sign-in data common to both servers: `clientId` is `user.<guid>`; `caFileId` a handle from `pickCaFile`. */
export type ApiKeyInput = Pick<ConnectionLoginRequest, 'clientId' | 'clientSecret' | 'caFileId' | 'route'>;
type CloudLogin = Extract<ConnectionLoginRequest, { role: 'cloud' }>;
/** Where a cloud sign-in goes: a region, or explicit endpoints. */
export type CloudTarget = CloudLogin extends infer R ? (R extends CloudLogin ? Omit<R, keyof ApiKeyInput | 'role'> : never) : never;

/** One server connection as the renderer sees it. Carries no secret, ever. */
export interface ConnectionView {
  role: ConnectionRole;
  /** `error`: settings exist but signing in or reading the profile failed now (see `error`). */
  state: 'signed-in' | 'error';
  /** Cloud: `US`/`EU`, or `custom` for explicit endpoints. */
  region?: 'US' | 'EU' | 'custom';
  /** Self-hosted: the vault URL the endpoints came from. */
  vaultUrl?: string;
  endpoints: VaultEndpoints;
  caFile?: string;
  email?: string;
  clientId?: string;
  organizations: OrganizationMembership[];
  ownerOrganizations: OrganizationMembership[];
  /** Why no organization can be used (none owned), in words for the admin. */
  explanation?: string;
  /** The chosen organization (saved in settings); only ever an organization the account owns. */
  organizationId: string | null;
  /** Where the secret came from this time. */
  secretSource?: 'keychain' | 'memory' | 'environment';
  /** How API calls to this server travel (saved with the connection). */
  route: ApiRouteKind;
  /** How the last call went, in words: "direct", "through the system proxy proxy:3128", "through server admin@bw1". */
  routeTaken?: string;
  error?: { code: string; message: string };
}

export interface ConnectionsStatus {
  cloud: ConnectionView | null;
  self: ConnectionView | null;
  /** Whether secrets persist in the OS keychain, or only for this session (with why). */
  secretStorage: { persistent: boolean; reason?: string };
}

export const connectionsContract = {
  [CONNECTIONS_INVOKE.connectionsStatus]: { request: z.undefined(), response: responds<ConnectionsStatus>() },
  [CONNECTIONS_INVOKE.connectionsLogin]: { request: connectionLoginSchema, response: responds<ConnectionView>() },
  [CONNECTIONS_INVOKE.connectionsLogout]: { request: z.strictObject({ role: serverRoleSchema }), response: responds<{ role: ConnectionRole; signedOut: true }>() },
  [CONNECTIONS_INVOKE.connectionsChooseOrganization]: {
    request: z.strictObject({ role: serverRoleSchema, organizationId: z.guid() }),
    response: responds<ConnectionView>(),
  },
  /** Sets how API calls to a signed-in server travel, then reads its profile on that route (the view says how it went). */
  [CONNECTIONS_INVOKE.connectionsSetRoute]: { request: z.strictObject({ role: serverRoleSchema, route: apiRouteSchema }), response: responds<ConnectionView>() },
  [CONNECTIONS_INVOKE.connectionsPickCaFile]: { request: z.undefined(), response: responds<{ file: FileHandle | null }>() },
  /** The web vault pages where each account's API key is shown, as link ids (the cloud per region, the install's own vault). */
  [CONNECTIONS_INVOKE.connectionsApiKeyPages]: { request: z.strictObject({ installId: installIdSchema.nullable() }), response: responds<ApiKeyPages>() },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ConnectionsEventContract {}
