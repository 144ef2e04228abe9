import type { InstallStatus } from './install-status';

/** Plain-text report of an install's status for the CLI (no secrets: the key is only "present"). */
export function formatInstallStatusText(status: InstallStatus): string {
  const show = (value: string | null) => value ?? '(not set)';
  const lines = [
    `Install folder:        ${status.installRoot}`,
    `Env file:              ${status.envFilePath} (owner ${status.envFileOwner.uid}:${status.envFileOwner.gid}, mode ${status.envFileOwner.mode.toString(8).padStart(3, '0')})`,
    `Installation ID:       ${show(status.installationId)}`,
    `Installation key:      ${status.installationKeyPresent ? 'present' : 'missing'}`,
    `Cloud region:          ${show(status.cloudRegion)}`,
    `Vault URL:             ${show(status.vaultUrl)}`,
    `Cloud communication:   ${status.cloudCommunication ? 'on' : 'off'}${status.cloudCommunicationRaw === null ? ' (not set)' : ` (${status.cloudCommunicationRaw})`}`,
    `Installation identity: ${show(status.installationIdentityUri)}`,
    `Installation API:      ${show(status.installationApiUri)}`,
    `Push relay:            ${show(status.pushRelayUri)}`,
    `Admins:                ${status.adminEmails.length > 0 ? status.adminEmails.join(', ') : '(none)'}`,
    `License files:         ${status.licenseFiles.length > 0 ? status.licenseFiles.join(', ') : '(none)'}`,
  ];
  if (status.problems.length === 0) lines.push('Problems:              none');
  else {
    lines.push('Problems:');
    for (const problem of status.problems) lines.push(`  - [${problem.code}] ${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}
