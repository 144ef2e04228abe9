export const APP_INVOKE = {
  appInfo: 'sponsorship:app-info',
  operationCancel: 'sponsorship:operation-cancel',
  externalOpen: 'sponsorship:external-open',
  clipboardCopy: 'sponsorship:clipboard-copy',
  fileRegisterDropped: 'sponsorship:file-register-dropped',
} as const;

/** Each capability streams its own typed events (see the other *-channels.ts files). */
export const APP_EVENTS = {} as const;
