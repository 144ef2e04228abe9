import { afterEach } from 'vitest';
import { createTempInstall, type TempInstall, type TempInstallOptions } from './temp-install';

/**
 * A `createTempInstall` for vitest files: every install it makes is disposed after each test.
 * `defaults` are merged under each call's options. (Kept apart from temp-install.ts, which the
 * Playwright harness imports too and must not pull in vitest.)
 */
export function tempInstallsPerTest(defaults: TempInstallOptions = {}): (options?: TempInstallOptions) => Promise<TempInstall> {
  let installs: TempInstall[] = [];
  afterEach(async () => {
    await Promise.all(installs.map((install) => install.dispose()));
    installs = [];
  });
  return async (options = {}) => {
    const install = await createTempInstall({ ...defaults, ...options });
    installs.push(install);
    return install;
  };
}
