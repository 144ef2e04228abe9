// Everything the end-to-end harness needs from the real main process, bundled once with esbuild
// (scripts/build-e2e-core.mjs) so Playwright's Node 20 loader can import it regardless of ESM-only deps.
export { createLocalHost } from '../../../main/core/host';
export { buildHandlerTable, createDispatcher, createTrust } from '../../../main/ipc';
export type { AppServices, Dispatcher, NativeDialogs } from '../../../main/ipc';
export { createConnectionManager } from '../../../main/core/connections';
export { MemorySecretStore } from '../../../main/core/secrets';
export { MemorySettingsStore } from '../../../main/core/settings';
// The Bitwarden stand-in imports the KDF (ESM-only @noble/hashes), which Playwright's CommonJS loader cannot require.
export { startBitwardenStandIn } from '../../support/bitwarden-stand-in';
// Real signed test licenses and the stand-in's signed licensing (openssl at test time), for the License e2e.
export { createTestLicensingKey, issueTestLicense } from '../../support/license-factory';
export { signedLicensing } from '../../support/bitwarden-stand-in';
// A direct API client for e2e set-up that is not the step under test (e.g. the License step's upload in the billing sync e2e).
export { createVaultClient } from '../../../main/core/vault-api';
