export { startBitwardenStandIn } from './server';
export type { BitwardenStandIn, Fault, RecordedRequest, StandInOptions } from './server';
export { checkLicenseFields, unsignedLicense } from './license-check';
export type { LicenseVerifier } from './license-check';
export type { Role, StandInOrganization, StandInUser } from './state';
export { signedLicensing } from './signed-licensing';
