export { openSshHost } from './ssh-host';
export { supportedSshAlgorithms } from './ssh-algorithms';
export { sha256Fingerprint, keyTypeOf } from './ssh-host-key';
export { sudoersLineFor } from './ssh-sudo';
export { forwardFailureCode } from './ssh-forward';
export { MAX_OPEN_CHANNELS } from './ssh-connection';
export { SshError, isSshError } from './ssh-types';
export type {
  HostKeyOffer,
  HostKeyVerifier,
  OpenSshHostOptions,
  SshConnectSpec,
  SshEndpoint,
  SshErrorCode,
  SshErrorDetails,
  SshExecRequest,
  SshExecResult,
  SshHost,
  SshSecretPrompts,
} from './ssh-types';
