import type { HostDirectoryEntry, HostReadAhead } from '../host';
import { askedKeys, emptySnapshot, type HostSnapshot } from '../snapshot-view';
import type { RemoteShell } from './remote-shell';
import { kindOfFindType, parseStatLine, sortEntries } from './remote-reads';

/** A folder with more entries than this is left to the host's own list (it is not what a read-ahead is for). */
const MAX_LISTING_ENTRIES = 10_000;

/**
 * One bash run printing NUL-separated records `TAG path value` for each `WANT path` pair after the
 * limits: S (lstat as `%f %s %u %g %.3Y`), M (does not exist), R (realpath; the target's own S follows
 * when it differs), C (content in base64, `!` when not read: unreadable, or larger than the limit when
 * stat'ed, or whose link could not be resolved), L (entries as `type name/`…); the pair `I -` prints `I`
 * with `id`'s first fields (who runs this), saving the host a session of its own.
 * Forks are what a busy server is slow at, so builtins do all but one `stat` and one `base64` per
 * file: bash 4.4+ knows its user's name (`\u`) and groups, so `id` runs only on an older bash; the
 * stat comes first, so the size of the file a path leads to decides whether it is read and no `head`
 * is needed (a file that grows past the limit between the stat and the read is sent as it is then and
 * dropped by the parser: an env file does not grow by megabytes in milliseconds). A path is
 * missing only when the nearest existing folder above it is searchable (otherwise the host reports
 * why), and realpath runs only for a path with a link in it. A path the run cannot vouch for gets no
 * record, so the host answers it itself. GNU coreutils, as the exec reads use.
 */
const READ_AHEAD_SCRIPT = `set -o pipefail; export LC_ALL=C; shopt -s nullglob dotglob
max=$1; listmax=$2; shift 2
emit() { printf '%s\\0%s\\0%s\\0' "$1" "$2" "$3"; }
present() { [ -e "$1" ] || [ -L "$1" ]; }
missing() {
  local up=$1
  present "$up" && return 1
  while [ "$up" != / ]; do
    up=\${up%/*}; up=\${up:-/}
    if present "$up"; then [ ! -d "$up" ] || [ -x "$up" ]; return; fi
  done
  return 1
}
plain() {
  [[ $1 == / ]] && return 0
  [[ $1 == /* && $1 != */ && $1 != *//* && $1 != */./* && $1 != */. && $1 != */../* && $1 != */.. ]] || return 1
  local up=$1
  while [ "$up" != / ] && [ -n "$up" ]; do [ -L "$up" ] && return 1; up=\${up%/*}; done
}
whoami() {
  local u='\\u' name=''
  if (( BASH_VERSINFO[0] * 100 + BASH_VERSINFO[1] >= 404 )) && [ "$EUID" = "$UID" ]; then eval 'name=\${u@P}'; fi
  if [ -n "$name" ] && [ "$name" != 'I have no name!' ] && [ -n "\${GROUPS[0]}" ]; then emit I - "uid=$EUID($name) gid=\${GROUPS[0]}"
  else who=$(id 2>/dev/null) && emit I - "$who"; fi
}
stats=(); reads=()
while [ $# -ge 2 ]; do
  want=$1; p=$2; shift 2
  if [ "$want" = I ]; then whoami; continue; fi
  [[ $p == /* ]] || continue
  if ! present "$p"; then missing "$p" && emit M "$p" ''; continue; fi
  stats+=("$p"); real=''
  if [ -e "$p" ]; then
    if plain "$p"; then real=$p; emit R "$p" "$p"
    elif resolved=$(realpath -e -- "$p" && echo x); then
      real=\${resolved%?x}; emit R "$p" "$real"; [ "$real" != "$p" ] && stats+=("$real")
    fi
  fi
  if [ "$want" = C ] && [ -f "$p" ] && [ -r "$p" ]; then reads+=("$p" "$real")
  elif [ "$want" = L ] && [ -d "$p" ] && [ -r "$p" ] && [ -x "$p" ]; then
    entries=("$p"/*)
    if [ \${#entries[@]} -le "$listmax" ]; then
      printf 'L\\0%s\\0' "$p"
      for e in "\${entries[@]}"; do
        if [ -L "$e" ]; then k=l; elif [ -d "$e" ]; then k=d; elif [ -f "$e" ]; then k=f; else k=o; fi
        printf '%s %s/' "$k" "\${e##*/}"
      done
      printf '\\0'
    fi
  fi
done
declare -A size=()
if [ \${#stats[@]} -gt 0 ]; then
  while IFS= read -r -d '' name && IFS= read -r -d '' fields; do
    emit S "$name" "$fields"; bytes=\${fields#* }; size[$name]=\${bytes%% *}
  done < <(stat --printf '%n\\0%f %s %u %g %.3Y\\0' -- "\${stats[@]}" 2>/dev/null)
fi
for ((i = 0; i < \${#reads[@]}; i += 2)); do
  p=\${reads[i]}; real=\${reads[i + 1]}; bytes=''; [ -z "$real" ] || bytes=\${size[$real]:-}
  printf 'C\\0%s\\0' "$p"
  if [[ $bytes =~ ^[0-9]+$ ]] && (( bytes <= max )); then base64 -w0 -- "$p" 2>/dev/null || printf '!'; else printf '!'; fi
  printf '\\0'
done
exit 0`;

/**
 * Runs the read-ahead through `run` (a remote shell's, as its user). Any failure gives an empty
 * snapshot: the host then reads as usual.
 */
export async function execReadAhead(run: RemoteShell['run'], request: HostReadAhead, onIdentity?: (idOutput: string) => void): Promise<HostSnapshot> {
  const args = [String(request.maxBytes), String(MAX_LISTING_ENTRIES)];
  if (onIdentity) args.push('I', '-');
  for (const path of request.stat) args.push('S', path);
  for (const path of request.read) args.push('C', path);
  for (const path of request.list) args.push('L', path);
  try {
    const result = await run(READ_AHEAD_SCRIPT, args);
    if (result.code !== 0) return emptySnapshot();
    const snapshot = parseReadAhead(result.stdout, request.maxBytes, onIdentity);
    for (const key of askedKeys(request)) snapshot.asked.add(key);
    return snapshot;
  } catch {
    return emptySnapshot();
  }
}

export function parseReadAhead(output: Buffer, maxBytes: number, onIdentity?: (idOutput: string) => void): HostSnapshot {
  const snapshot = emptySnapshot();
  const fields = output.toString('utf8').split('\0');
  for (let index = 0; index + 2 < fields.length; index += 3) {
    const [tag, path, value] = [fields[index]!, fields[index + 1]!, fields[index + 2]!];
    if (tag === 'S') {
      const stat = parseStatLine(value);
      if (stat) snapshot.stats.set(path, stat);
    } else if (tag === 'M') snapshot.stats.set(path, null);
    else if (tag === 'R') snapshot.links.set(path, value);
    else if (tag === 'I') onIdentity?.(value);
    else if (tag === 'C') {
      if (value.includes('!')) continue;
      const content = Buffer.from(value, 'base64');
      // It may have grown since its stat: a larger file is left to the host, which refuses it as too large.
      if (content.length <= maxBytes) snapshot.files.set(path, new Uint8Array(content));
    } else if (tag === 'L') {
      const entries = parseListing(value);
      if (entries) snapshot.listings.set(path, entries);
    }
  }
  return snapshot;
}

function parseListing(text: string): HostDirectoryEntry[] | null {
  if (text !== '' && !text.endsWith('/')) return null;
  const items = text === '' ? [] : text.slice(0, -1).split('/');
  const entries: HostDirectoryEntry[] = [];
  for (const item of items) {
    if (item.length < 3 || item[1] !== ' ') return null;
    entries.push({ name: item.slice(2), kind: kindOfFindType(item[0]!) });
  }
  return sortEntries(entries);
}
