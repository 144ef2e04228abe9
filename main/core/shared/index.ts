export { CoreError, EXIT_CODE } from './problem';
export type { Outcome, Problem } from './problem';
