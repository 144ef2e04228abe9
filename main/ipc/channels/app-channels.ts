export const APP_INVOKE = {
  appInfo: 'sponsorship:app-info',
  operationCancel: 'sponsorship:operation-cancel',
  externalOpen: 'sponsorship:external-open',
  clipboardCopy: 'sponsorship:clipboard-copy',
} as const;

export const APP_EVENTS = {
  /** A line of a running operation's log (a command's output, a step's progress note). */
  operationLog: 'sponsorship:operation-log',
} as const;
