import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How the stand-in bitwarden.sh behaves (see test/fixtures/bitwarden-sh/bitwarden.sh). */
export interface StandInControl {
  /** `real` (default): warn when root and read y/n from the closed stdin (exits 1); `wait`: print the question and wait silently; `skip`. */
  rootPrompt?: 'real' | 'skip' | 'wait';
  lines?: number;
  /** Seconds between lines. */
  interval?: number;
  /** After line 1, wait until `signalGo()` is called. */
  handshake?: boolean;
  huge?: number;
  fail?: number;
  ignoreTerm?: boolean;
  /** Seconds of silence before finishing. */
  sleep?: number;
  /** Prints "stopping the stack", waits this many seconds, prints "starting the stack" (the gap a dropped link must not cut). */
  pause?: number;
  /** Like `pause`, but the gap lasts until `signalGo()` is called (at most this many seconds): a run that stays up exactly as long as a test needs. */
  hold?: number;
  /** Hold only when called with this action (e.g. `start`). */
  holdOnly?: string;
}

export interface TempInstallOptions {
  /** Content of bwdata/env/global.override.env; omit for no env file at all. */
  envContent?: string | Uint8Array;
  /** Mode of the env file (default 0o600, like Bitwarden). */
  envMode?: number;
  /** Organization license files to put under bwdata/core/licenses/organization/ (name → content). */
  licenses?: Record<string, string>;
  /** Copy the stand-in bitwarden.sh into the install folder (default true). */
  withScript?: boolean;
  /** Also create bwdata/docker/docker-compose.override.yml. */
  withComposeOverride?: boolean;
  /** Give the whole install to this owner (needs root) and make its temp parent traversable. */
  owner?: { uid: number; gid: number };
  control?: StandInControl;
}

export interface TempInstall {
  /** The install folder (holds bitwarden.sh and bwdata/). */
  root: string;
  bwdata: string;
  envFile: string;
  scriptPath: string;
  /** Folder the stand-in script keeps its control file, call log and handshake file in. */
  stateDir: string;
  /** Replace the stand-in's behaviour. */
  setControl(control: StandInControl): Promise<void>;
  /** Lines "uid=<uid> args=<args>" the stand-in appended, one per call. */
  calls(): Promise<string[]>;
  /** Lets a `handshake` stand-in continue after its first line. */
  signalGo(): Promise<void>;
  dispose(): Promise<void>;
}

const STAND_IN = path.join(__dirname, '..', 'fixtures', 'bitwarden-sh', 'bitwarden.sh');

function controlText(control: StandInControl): string {
  const lines = [
    `STANDIN_ROOT_PROMPT=${control.rootPrompt ?? 'real'}`,
    `STANDIN_LINES=${control.lines ?? 3}`,
    `STANDIN_INTERVAL=${control.interval ?? 0}`,
  ];
  if (control.handshake) lines.push('STANDIN_HANDSHAKE=1');
  if (control.huge !== undefined) lines.push(`STANDIN_HUGE=${control.huge}`);
  if (control.fail !== undefined) lines.push(`STANDIN_FAIL=${control.fail}`);
  if (control.ignoreTerm) lines.push('STANDIN_IGNORE_TERM=1');
  if (control.sleep !== undefined) lines.push(`STANDIN_SLEEP=${control.sleep}`);
  if (control.pause !== undefined) lines.push(`STANDIN_PAUSE=${control.pause}`);
  if (control.hold !== undefined) lines.push(`STANDIN_HOLD=${control.hold}`);
  if (control.holdOnly !== undefined) lines.push(`STANDIN_HOLD_ONLY=${control.holdOnly}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Builds a throw-away Bitwarden install in a temp folder: the stand-in `bitwarden.sh`, `bwdata/`
 * with `env/global.override.env` (given content, mode 600), `docker/docker-compose.yml`, optional
 * license files. Call `dispose()` to remove it.
 */
export async function createTempInstall(options: TempInstallOptions = {}): Promise<TempInstall> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-install-'));
  const root = path.join(parent, 'bitwarden');
  const bwdata = path.join(root, 'bwdata');
  const envFile = path.join(bwdata, 'env', 'global.override.env');
  const stateDir = path.join(root, '.stand-in');
  const scriptPath = path.join(root, 'bitwarden.sh');

  await fs.mkdir(path.join(bwdata, 'env'), { recursive: true });
  await fs.mkdir(path.join(bwdata, 'docker'), { recursive: true });
  await fs.mkdir(stateDir, { recursive: true });
  await fs.writeFile(path.join(bwdata, 'docker', 'docker-compose.yml'), 'services: {}\n');
  if (options.withComposeOverride) await fs.writeFile(path.join(bwdata, 'docker', 'docker-compose.override.yml'), 'services: {}\n');
  if (options.envContent !== undefined) {
    await fs.writeFile(envFile, options.envContent);
    await fs.chmod(envFile, options.envMode ?? 0o600);
  }
  if (options.licenses) {
    const folder = path.join(bwdata, 'core', 'licenses', 'organization');
    await fs.mkdir(folder, { recursive: true });
    for (const [name, content] of Object.entries(options.licenses)) await fs.writeFile(path.join(folder, name), content);
  }
  if (options.withScript ?? true) {
    await fs.copyFile(STAND_IN, scriptPath);
    await fs.chmod(scriptPath, 0o755);
  }
  const setControl = (control: StandInControl) => fs.writeFile(path.join(stateDir, 'control'), controlText(control), { mode: 0o644 });
  await setControl(options.control ?? {});
  await fs.writeFile(path.join(stateDir, 'calls.log'), '', { mode: 0o666 });
  await fs.chmod(path.join(stateDir, 'calls.log'), 0o666);

  if (options.owner) {
    // mkdtemp makes the parent 0700; the owner must be able to reach its install.
    await fs.chmod(parent, 0o755);
    await chownTree(root, options.owner.uid, options.owner.gid);
  }

  return {
    root,
    bwdata,
    envFile,
    scriptPath,
    stateDir,
    setControl,
    calls: async () => (await fs.readFile(path.join(stateDir, 'calls.log'), 'utf8')).split('\n').filter((line) => line !== ''),
    signalGo: () => fs.writeFile(path.join(stateDir, 'go'), 'go\n', { mode: 0o644 }),
    dispose: () => fs.rm(parent, { recursive: true, force: true }),
  };
}

async function chownTree(target: string, uid: number, gid: number): Promise<void> {
  await fs.lchown(target, uid, gid);
  const stat = await fs.lstat(target);
  if (!stat.isDirectory()) return;
  for (const name of await fs.readdir(target)) await chownTree(path.join(target, name), uid, gid);
}
