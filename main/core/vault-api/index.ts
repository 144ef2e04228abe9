export { ApiError, edgeBlockPage, isApiError, readServerError } from './api-error';
export type { ApiErrorCode } from './api-error';
export { BITWARDEN_CLIENT_VERSION, clientIdentityHeaders, defaultDeviceName, deviceTypeFor, productUserAgent } from './client-identity';
export type { BitwardenClientName, ClientSurface, DeviceInfo } from './client-identity';
export { CLOUD_ENDPOINTS, cloudEndpoints, normaliseEndpoints, selfHostedEndpoints, SERVER_ROLE_TITLES } from './endpoints';
export type { CloudRegion, ServerRole, VaultEndpoints } from './endpoints';
export { checkKdfBounds, deriveMasterKey, deriveMasterPasswordHash, deriveMasterPasswordHashWithSalt, hashMasterKey, parsePrelogin } from './kdf';
export type { KdfConfig, PreloginResult } from './kdf';
export {
  BILLING_SYNC_API_KEY_TYPE,
  CLOUD_BILLING_SYNC_CONNECTION_TYPE,
  createVaultClient,
  VaultClient,
} from './client';
export type {
  ApiKeyCredentials,
  ApiKeyResult,
  BillingSyncConnection,
  DownloadedLicense,
  OrganizationMembership,
  Profile,
  SecretVerification,
  VaultClientOptions,
} from './client';
export { retryAfterMs } from './transport';
export type { TransportOptions } from './transport';
export { API_ROUTE_KINDS, describeRouteTaken, isApiRouteKind } from './api-route';
export type { ApiRouteKind, RouteTaken } from './api-route';
export { directRoute, routeFactoryFor, serverRoute, systemProxyRoute } from './route-dispatchers';
export type { ApiRoute, ApiRouteFactory, RouteLeg, RouteServer, RouteServices, RouteTls } from './route-dispatchers';
export { proxyDisplayName, proxyFromEnvironment, proxyFromPacResult } from './system-proxy';
