// Everything the end-to-end harness needs from the real main process, bundled once with esbuild
// (scripts/build-e2e-core.mjs) so Playwright's Node 20 loader can import it regardless of ESM-only deps.
export { createLocalHost } from '../../../main/core/host';
export { buildHandlerTable, createDispatcher } from '../../../main/ipc';
export type { AppServices, Dispatcher, NativeDialogs } from '../../../main/ipc';
export { createConnectionManager } from '../../../main/core/connections';
export { MemorySecretStore } from '../../../main/core/secrets';
export { MemorySettingsStore } from '../../../main/core/settings';
// The Bitwarden stand-in imports the KDF (ESM-only @noble/hashes), which Playwright's CommonJS loader cannot require.
export { startBitwardenStandIn } from '../../support/bitwarden-stand-in';
