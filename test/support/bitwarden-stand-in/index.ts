export { startBitwardenStandIn } from './server';
export type { BitwardenStandIn, Fault, RecordedRequest, StandInOptions } from './server';
export { checkLicenseFields, unsignedLicense } from './license-check';
export type { LicenseVerifier } from './license-check';
export type { Role, StandInOrganization, StandInUser } from './state';
export { signedLicensing } from './signed-licensing';
export { CLOUD_CALL_FAILED, CLOUD_COMMUNICATION_DISABLED, NO_BILLING_SYNC_CONNECTION, dotnetLocalNow } from './license-sync';
export type { ServerCloudRoute } from './license-sync';
export { startStandInWithOwners, type StandInWithOwners } from './owners';
