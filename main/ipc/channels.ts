/**
 * Channel names only, with no dependencies, so the sandboxed preload can import them without
 * pulling in schemas. The contract (contract.ts) must cover every name here, or it fails to compile.
 */
export const INVOKE = {
  appInfo: 'sponsorship:app-info',
  operationCancel: 'sponsorship:operation-cancel',
  externalOpen: 'sponsorship:external-open',
  clipboardCopy: 'sponsorship:clipboard-copy',
  installPickFolder: 'sponsorship:install-pick-folder',
  installInspect: 'sponsorship:install-inspect',
} as const;

/** Main → renderer events (progress, log lines). */
export const EVENTS = {
  operationLog: 'sponsorship:operation-log',
  operationProgress: 'sponsorship:operation-progress',
} as const;

export type InvokeChannel = (typeof INVOKE)[keyof typeof INVOKE];
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];
