import { createHash } from 'node:crypto';
import { HostError } from '../host';
import { EXIT, failureFor } from './exec-reads';
import type { RemoteShell } from './remote-shell';
import { SshError } from './ssh-types';

const PARTIAL_TEMP = 12;

/** `cp` keeping mode, owner and times; never overwrites an existing backup; a failed copy leaves no file. */
const BACKUP_SCRIPT = `[ -e "$1" ] || exit 3; [ -f "$1" ] || exit 4; [ -r "$1" ] || exit 6
if [ -e "$2" ] || [ -L "$2" ]; then exit 8; fi
cp --no-clobber --preserve=mode,ownership,timestamps -- "$1" "$2" || { rm -f -- "$2"; exit 10; }`;

/**
 * Temp file beside the real target, content checked complete (length and SHA-256: a link that drops
 * mid-upload leaves a short temp file, never a short env file), mode and owner copied, the current
 * content compared with what was read, then one rename.
 */
const WRITE_SCRIPT = `t=$(realpath -e -- "$1" 2>&1) || { case "$t" in *ermission*) exit 6;; *) exit 3;; esac; }
[ -f "$t" ] || exit 4
tmp=$(mktemp -- "$(dirname -- "$t")/.$(basename -- "$t").XXXXXX.tmp") || exit 10
trap 'rm -f -- "$tmp"' EXIT
cat > "$tmp" || exit 10
[ "$(stat -c %s -- "$tmp")" = "$4" ] || exit ${PARTIAL_TEMP}
[ "$(sha256sum < "$tmp" | cut -d' ' -f1)" = "$3" ] || exit ${PARTIAL_TEMP}
sync -- "$tmp" 2>/dev/null || sync
chmod --reference="$t" -- "$tmp" || exit 6
chown --reference="$t" -- "$tmp" 2>/dev/null || [ "$(stat -c %u:%g -- "$tmp")" = "$(stat -c %u:%g -- "$t")" ] || { echo "cannot give the file back to its owner" >&2; exit 6; }
[ "$(sha256sum < "$t" | cut -d' ' -f1)" = "$2" ] || exit 9
mv -f -T -- "$tmp" "$t" || exit 1
trap - EXIT
sync -- "$(dirname -- "$t")" 2>/dev/null || true`;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export async function execBackup(shell: RemoteShell, source: string, backupPath: string): Promise<void> {
  const label = shell.connection.label;
  const result = await shell.run(BACKUP_SCRIPT, [source, backupPath]);
  if (result.code === null) throw new SshError('connection-lost', `the connection to ${label} dropped while backing up ${source}; check whether ${backupPath} is complete`);
  if (result.code === 0) return;
  if (result.code === EXIT.exists) throw new HostError('already-exists', backupPath, `${backupPath} already exists`);
  if (result.code === EXIT.diskFull) throw diskOrIo(result.stderr, backupPath, 'the backup');
  throw failureFor(result, source, label);
}

export async function execWriteFileIfUnchanged(shell: RemoteShell, target: string, expected: Uint8Array, content: Uint8Array): Promise<void> {
  const label = shell.connection.label;
  const args = [target, sha256(expected), sha256(content), String(content.length)];
  const result = await shell.run(WRITE_SCRIPT, args, { stdin: content });
  if (result.code === 0) return;
  if (result.code === null) return settleAfterDrop(shell, target, expected, content);
  if (result.code === EXIT.changed) throw new HostError('changed-during-edit', target, `${target} changed on the server since it was read; nothing was written`);
  if (result.code === EXIT.diskFull) throw diskOrIo(result.stderr, target, 'the new file');
  if (result.code === PARTIAL_TEMP) throw new SshError('connection-lost', `the new content of ${target} did not arrive complete; ${target} was not replaced`);
  throw failureFor(result, target, label);
}

function diskOrIo(stderr: string, path: string, what: string): Error {
  if (/No space left|Disk quota exceeded/i.test(stderr)) {
    return new SshError('disk-full', `the server's disk is full: ${what} could not be written next to ${path}; nothing was replaced`);
  }
  return new HostError(/Permission denied/.test(stderr) ? 'permission-denied' : 'io', path, `${path}: ${stderr.trim()}`);
}

/** The link dropped during the edit: reconnect once and say whether the old or the new file is there. */
async function settleAfterDrop(shell: RemoteShell, target: string, expected: Uint8Array, content: Uint8Array): Promise<void> {
  const label = shell.connection.label;
  let state = 'in an unknown state (reconnecting failed); read it again before editing';
  try {
    const check = await shell.run('sha256sum < "$1" | cut -d" " -f1', [target]);
    const now = check.stdout.toString('utf8').trim();
    if (now === sha256(content)) return;
    if (now === sha256(expected)) state = 'unchanged (the old file is still in place)';
  } catch {
    // Keep the unknown state.
  }
  throw new SshError('connection-lost', `the connection to ${label} dropped while writing ${target}; the file is ${state}`);
}
