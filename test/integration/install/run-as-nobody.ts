import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

export const NOBODY = { uid: 65534, gid: 65534 };

/** Why running as another user is impossible here, or `null` when it works. */
export function cannotSwitchUserReason(): string | null {
  if (process.platform === 'win32') return 'Windows has no setpriv';
  if (process.getuid?.() !== 0) return 'the suite does not run as root, so it cannot switch to another user';
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']);
  if (probe.error || probe.status !== 0) return `setpriv is not usable: ${probe.error?.message ?? probe.stderr.toString()}`;
  return null;
}

const ENTRY = `
import { createLocalHost } from './main/core/host';
import { readInstallStatus } from './main/core/install';
readInstallStatus(createLocalHost(), process.argv[2])
  .then((status) => console.log(JSON.stringify({ ok: true, status })))
  .catch((error) => console.log(JSON.stringify({ ok: false, code: error.code, outcome: error.outcome, message: error.message, details: error.details, fix: error.fix })));
`;

/** Runs `readInstallStatus(dir)` in a child process as uid/gid 65534 and returns its JSON result. */
export async function readStatusAsNobody(dir: string): Promise<Record<string, unknown>> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-nobody-'));
  try {
    await fs.chmod(folder, 0o755);
    const bundle = path.join(folder, 'read-status.cjs');
    await build({
      stdin: { contents: ENTRY, resolveDir: path.resolve(__dirname, '..', '..', '..'), loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    await fs.chmod(bundle, 0o644);
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bundle, dir], { encoding: 'utf8', timeout: 20_000 });
    if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}
