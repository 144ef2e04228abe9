import type { CoreError } from '../core/shared';

/**
 * The app's words for a core error's fix, appended to the message the screen shows. Only the fixes the
 * app cannot offer as a control are worded here: running as the owner of bwdata needs a terminal,
 * since this app does not run as root (`details.command` is the command to copy there).
 */
export function appFixMessage(error: CoreError): string {
  const command = error.details?.['command'];
  if (!error.fix?.runAsOwner || typeof command !== 'string') return error.message;
  return `${error.message} This app does not run as root; run this in a terminal as the user that owns bwdata (or with sudo): ${command}`;
}
