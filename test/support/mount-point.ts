import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Mounts an empty tmpfs on `folder` (which must exist): a folder that cannot be renamed (EBUSY), or,
 * inside a folder, a child that cannot be removed — failures even root meets. Returns the unmount, or
 * the reason it cannot be done here (not root, no mount in this container) for a test to skip with.
 */
export async function mountTmpfsOn(folder: string): Promise<{ unmount: () => Promise<void> } | { skip: string }> {
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'sst-test', folder], { timeout: 10_000 });
  } catch (error) {
    return { skip: `cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}` };
  }
  return { unmount: () => run('umount', [folder], { timeout: 10_000 }).then(() => undefined) };
}
