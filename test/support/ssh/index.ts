export { startSshAgent, type TestAgent } from './agent';
export { makeKey, fingerprintOf, type TestKey } from './keys';
export { endpointOf, promptsAnswering, specFor, trustingOnly, type RecordingPrompts } from './ssh-fixture';
export { startSshd, type SshdOptions, type TestSshd } from './sshd';
export { sshSkipReason } from './ssh-tools';
export { ensureTestUsers, FORBIDDEN_USER, LOGIN_USER, OWNER_USER, SUDO_PASSWORD_USER, TEST_PASSWORD } from './users';
export { chownTree } from './ownership';
export { adminHomeWithSshd, installOwnerIds, loginKeyFolder, openAsLoginUser, startSshdFor } from './key-login';
