export { BOM, decodeEnvText, encodeEnvText } from './env-text';
export { findDuplicateKeys, lookupEnv, parseEnv, serializeEnv, setEnvValues } from './env-model';
export type { DuplicateKey, EnvDocument, EnvLine, EnvLineKind, EnvLookup, LineEnding } from './env-model';
export { diffEnvText, redactEnvLine } from './env-diff';
export type { EnvDiffOptions } from './env-diff';
