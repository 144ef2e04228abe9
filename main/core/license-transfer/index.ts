export { checkInstallationRegion, findInstallationRegion, regionMismatchNote } from './installation-region';
export type {
  FindInstallationRegionOptions,
  InstallationLookupClient,
  InstallationRegionCheck,
  InstallationRegionResult,
  RegionAnswer,
} from './installation-region';
export { explainServerMessage } from './server-messages';
export { downloadLicense, uploadLicense } from './transfer';
export type {
  DownloadLicenseInput,
  DownloadLicenseResult,
  LicenseClientProvider,
  LicenseVaultClient,
  UploadConfirmation,
  UploadLicenseInput,
  UploadLicenseResult,
} from './transfer';
export {
  CLOUD_WEB_VAULT,
  LICENSES_FOLDER_EXPLANATION,
  cloudDownloadSteps,
  cloudSubscriptionPageUrl,
  selfHostedUploadSteps,
  subscriptionPageUrl,
} from './web-vault';
export type { CloudDownloadStepsInput, ManualSteps, SelfHostedUploadStepsInput } from './web-vault';
