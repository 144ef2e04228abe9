export { CoreError, EXIT_CODE } from './problem';
export type { ErrorFix, Outcome, Problem } from './problem';
export { GUID_PATTERN } from './guid';
export { evidenceLabel } from './report-labels';
export { SETUP_STEP_IDS, SETUP_STEP_TITLES } from './setup-steps';
export type { SetupStepId } from './setup-steps';
export { redactUrlCredentials, shellQuote } from './shell-text';
export { CA_FILE_MAX_BYTES, readUserFile } from './user-file';
export type { ReadUserFileOptions } from './user-file';
