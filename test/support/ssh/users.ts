import { promises as fs } from 'node:fs';
import { runTool } from './ssh-tools';

/** The SSH login user of the tests (key, password and keyboard-interactive logins). */
export const LOGIN_USER = 'sst-login';
/** Owns the fake install; LOGIN_USER may become it with `sudo -n` (NOPASSWD). */
export const OWNER_USER = 'sst-owner';
/** May become OWNER_USER only with its sudo password. */
export const SUDO_PASSWORD_USER = 'sst-sudopw';
/** Nobody may become this one. */
export const FORBIDDEN_USER = 'sst-other';
/** Password of every test user (they exist only on test machines). */
export const TEST_PASSWORD = 'correct horse battery staple';

const SUDOERS_FILE = '/etc/sudoers.d/sponsorship-setup-tests';
const SUDOERS = [
  `${LOGIN_USER} ALL=(${OWNER_USER}) NOPASSWD: ALL`,
  `${SUDO_PASSWORD_USER} ALL=(${OWNER_USER}) ALL`,
  '',
].join('\n');

let ready: Promise<void> | null = null;

/** Creates the test users and sudoers rule once per process; idempotent across processes. */
export function ensureTestUsers(): Promise<void> {
  ready ??= createUsers();
  return ready;
}

async function createUsers(): Promise<void> {
  for (const user of [LOGIN_USER, OWNER_USER, SUDO_PASSWORD_USER, FORBIDDEN_USER]) await ensureUser(user);
  await runTool('/usr/sbin/chpasswd', [], {
    input: [LOGIN_USER, OWNER_USER, SUDO_PASSWORD_USER, FORBIDDEN_USER].map((user) => `${user}:${TEST_PASSWORD}\n`).join(''),
  });
  const current = await fs.readFile(SUDOERS_FILE, 'utf8').catch(() => '');
  if (current !== SUDOERS) {
    const temp = `${SUDOERS_FILE}.${process.pid}.tmp`;
    await fs.writeFile(temp, SUDOERS, { mode: 0o440 });
    await runTool('/usr/sbin/visudo', ['-c', '-q', '-f', temp]);
    await fs.rename(temp, SUDOERS_FILE);
  }
}

async function userExists(user: string): Promise<boolean> {
  return runTool('/usr/bin/id', ['-u', user]).then(() => true, () => false);
}

async function ensureUser(user: string): Promise<void> {
  // Two test files may create the same user at once: useradd then fails on the passwd lock.
  for (let attempt = 0; attempt < 10; attempt += 1) {
    if (await userExists(user)) return;
    try {
      await runTool('/usr/sbin/useradd', ['--create-home', '--shell', '/bin/bash', user]);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }
  if (!(await userExists(user))) throw new Error(`cannot create the test user ${user}`);
}
