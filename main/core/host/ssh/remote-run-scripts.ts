/**
 * Shell scripts of a detached run on the server. Each run lives in its own folder: `log` (every
 * output line prefixed `O ` or `E `), `wrapper` (the wrapper's pid and start time), `pgid` (the
 * program's process group), `exit` (written by the wrapper when the program ended) and, for a
 * recorded run, `meta.json` (what ran, where, when) and `seen` (someone followed it to its end).
 *
 * A recorded run's folder is in the acting user's own state folder,
 * `~/.local/state/sponsorship-setup/runs/<id>/`, with the home taken from the passwd entry (sudo
 * may keep the caller's HOME): it is private to the user that runs bitwarden.sh (the bwdata owner
 * when reached through sudo), which is exactly who a later process acts as on the same install, so
 * that process finds it; it survives a reboot (unlike /tmp) so a run cut short still tells what
 * happened; and it writes nothing into the install folder that bitwarden.sh manages. A user whose
 * home cannot hold it gets an unrecorded run in /tmp (followed only by the process that started it).
 */

/** Sets `runs` to the acting user's run folder (created 700), or fails. */
const RUNS_FOLDER = `home=$(getent passwd "$(id -u)" | cut -d: -f6); [ -n "$home" ] || home=$HOME
runs="$home/.local/state/sponsorship-setup/runs"`;

/** `wrapper_alive FOLDER`: the wrapper recorded in FOLDER still runs (not a zombie, not a reused pid). */
const WRAPPER_ALIVE = `wrapper_alive() {
  local pid start stat rest
  read -r pid start 2>/dev/null < "$1/wrapper" || return 1
  read -r stat 2>/dev/null < "/proc/$pid/stat" || return 1
  rest=\${stat##*) }; set -- $rest
  [ "$1" != Z ] && [ "\${20}" = "$start" ]
}`;

/** Runs in its own session (setsid): the program in a further session of its own, output into the log. */
export const WRAPPER_SCRIPT = `d=$1; shift
sed -u 's/^/E /' < "$d/err" >> "$d/log" & errsed=$!
{ echo "$BASHPID" > "$d/pgid"; exec setsid "$@"; } < /dev/null 2> "$d/err" | sed -u 's/^/O /' >> "$d/log"
code=\${PIPESTATUS[0]}
wait "$errsed"
echo "$code" > "$d/exit.tmp" && mv -- "$d/exit.tmp" "$d/exit"`;

/**
 * Checks the folder and the program, makes the run folder (recorded when `meta` is not empty, and
 * prunes finished recorded runs older than 14 days) and starts the wrapper detached from this SSH
 * session (no SIGHUP reaches it when the link drops). Prints the wrapper's pid and start ticks, then
 * on a second line the run folder and `recorded`/`temporary`.
 * Arguments: wrapper script, meta JSON (or empty), cwd, env count, env pairs…, program, args…
 */
export const LAUNCH_SCRIPT = `wrapper=$1; meta=$2; cwd=$3; n=$4; shift 4
envs=("\${@:1:n}"); shift "$n"
cd -- "$cwd" 2>/dev/null || { echo "cannot enter $cwd" >&2; exit 127; }
command -v -- "$1" >/dev/null 2>&1 || { echo "$1: not found" >&2; exit 127; }
kind=temporary; d=
if [ -n "$meta" ]; then
  ${RUNS_FOLDER}
  if mkdir -p -m 700 -- "$runs" 2>/dev/null && [ -O "$runs" ] && [ ! -L "$runs" ]; then
    find "$runs" -mindepth 1 -maxdepth 1 -type d -mtime +14 -exec sh -c '[ -e "$1/exit" ] && rm -rf -- "$1"' sh {} \\; 2>/dev/null
    d=$(mktemp -d "$runs/$(date -u +%Y%m%d-%H%M%S)-XXXXXX" 2>/dev/null) && kind=recorded
  fi
fi
[ -n "$d" ] || d=$(mktemp -d /tmp/sponsorship-setup-run.XXXXXXXX) || exit 1
: > "$d/log"; mkfifo -- "$d/err" || exit 1
[ "$kind" = recorded ] && printf '%s\\n' "$meta" > "$d/meta.json"
setsid bash -c "$wrapper" bash "$d" env -- "\${envs[@]}" "$@" < /dev/null > /dev/null 2>&1 &
pid=$!; stat=$(cat "/proc/$pid/stat" 2>/dev/null); rest=\${stat##*) }; set -- $rest
echo "$pid \${20}" > "$d/wrapper"
printf '%s %s\\n%s %s\\n' "$pid" "\${20}" "$d" "$kind"`;

/**
 * Streams the log from a byte offset until the exit code is recorded (the wrapper writes it after
 * the last log line), then reports it on stderr. Polls rather than `tail --pid`: a wrapper that
 * ended stays a zombie until init reaps it, which some containers do only every few seconds.
 * Arguments: run folder, offset.
 */
export const FOLLOW_SCRIPT = `d=$1; off=$2; gone=0
${WRAPPER_ALIVE}
[ -d "$d" ] || { echo "NO-RUN" >&2; exit 3; }
while :; do
  finished=0; [ -e "$d/exit" ] && finished=1
  size=$(stat -c %s -- "$d/log" 2>/dev/null) || size=$off
  if [ "$size" -gt "$off" ]; then tail -c "+$((off + 1))" -- "$d/log" | head -c "$((size - off))"; off=$size; fi
  [ "$finished" = 1 ] && break
  if ! wrapper_alive "$d"; then gone=$((gone + 1)); [ "$gone" -gt 2 ] && break; fi
  sleep 0.1
done
printf 'EXIT %s\\n' "$(cat -- "$d/exit" 2>/dev/null || echo unknown)" >&2`;

/**
 * Signals the program's process group (bitwarden.sh and its docker children). A cancel right after
 * the start may come before the wrapper wrote the group id: wait up to 2 s for it.
 */
export const SIGNAL_SCRIPT = `for _ in $(seq 20); do [ -s "$1/pgid" ] && break; [ -e "$1/exit" ] && exit 0; sleep 0.1; done
pgid=$(cat -- "$1/pgid" 2>/dev/null) && [ -n "$pgid" ] && kill -s "$2" -- "-$pgid" 2>/dev/null; exit 0`;

/** A temporary run's folder is removed; a recorded one is kept, marked as followed to its end. */
export const FINISH_SCRIPT = `case "$1" in /tmp/sponsorship-setup-run.*) rm -rf -- "$1";; */sponsorship-setup/runs/*) : > "$1/seen";; esac`;

/**
 * Prints the acting user's recorded runs, one per line, tab-separated: id, exit code (`-` while
 * none), wrapper alive (1/0), seen (1/0), log bytes, end time (epoch s, `-`), the run folder, meta JSON.
 * Shell builtins per run and one `find` for every size and time: a fork per field and run took
 * seconds for a few dozen runs on a busy server, and an apply lists them while holding its lock.
 * meta.json is one line (JSON escapes tabs and newlines), read up to 64 KiB.
 */
export const LIST_SCRIPT = `${RUNS_FOLDER}
${WRAPPER_ALIVE}
[ -d "$runs" ] || exit 0
declare -A size ended
while IFS=$'\\t' read -r dir name bytes mtime; do
  if [ "$name" = log ]; then size[$dir]=$bytes; else ended[$dir]=\${mtime%.*}; fi
done < <(find "$runs" -mindepth 2 -maxdepth 2 -type f \\( -name log -o -name exit \\) -printf '%h\\t%f\\t%s\\t%T@\\n' 2>/dev/null)
for d in "$runs"/*/; do
  d=\${d%/}; [ -f "$d/meta.json" ] || continue
  code=; [ -f "$d/exit" ] && read -r code 2>/dev/null < "$d/exit"
  alive=0; [ -z "$code" ] && wrapper_alive "$d" && alive=1
  seen=0; [ -e "$d/seen" ] && seen=1
  meta=; IFS= read -r -n 65536 meta 2>/dev/null < "$d/meta.json"
  end=-; [ -n "$code" ] && end=\${ended[$d]:--}
  printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "\${d##*/}" "\${code:--}" "$alive" "$seen" "\${size[$d]:-0}" "$end" "$d" "\${meta//$'\\t'/}"
done`;

/** Prints the folder of recorded run `$1` (its id checked by the caller), or exits 3 when there is none. */
export const LOCATE_SCRIPT = `${RUNS_FOLDER}
[ -f "$runs/$1/meta.json" ] || exit 3
printf '%s\\n' "$runs/$1"`;
