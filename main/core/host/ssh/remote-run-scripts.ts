/**
 * Shell scripts of a detached run on the server. The run lives in its own folder under /tmp:
 * `log` (every output line prefixed `O ` or `E `), `pgid` (the program's process group), `exit`.
 */

/** Runs in its own session (setsid): the program in a further session of its own, output into the log. */
export const WRAPPER_SCRIPT = `d=$1; shift
sed -u 's/^/E /' < "$d/err" >> "$d/log" & errsed=$!
{ echo "$BASHPID" > "$d/pgid"; exec setsid "$@"; } < /dev/null 2> "$d/err" | sed -u 's/^/O /' >> "$d/log"
code=\${PIPESTATUS[0]}
wait "$errsed"
echo "$code" > "$d/exit.tmp" && mv -- "$d/exit.tmp" "$d/exit"`;

/**
 * Checks the folder and the program, makes the run folder and starts the wrapper detached from this
 * SSH session (no SIGHUP reaches it when the link drops). Prints the run folder and wrapper pid.
 * Arguments: wrapper script, cwd, env count, env pairs…, program, args…
 */
export const LAUNCH_SCRIPT = `wrapper=$1; cwd=$2; n=$3; shift 3
envs=("\${@:1:n}"); shift "$n"
cd -- "$cwd" 2>/dev/null || { echo "cannot enter $cwd" >&2; exit 127; }
command -v -- "$1" >/dev/null 2>&1 || { echo "$1: not found" >&2; exit 127; }
d=$(mktemp -d /tmp/sponsorship-setup-run.XXXXXXXX) || exit 1
: > "$d/log"; mkfifo -- "$d/err" || exit 1
setsid bash -c "$wrapper" bash "$d" env -- "\${envs[@]}" "$@" < /dev/null > /dev/null 2>&1 &
printf '%s %s\\n' "$d" "$!"`;

/**
 * Streams the log from a byte offset until the exit code is recorded (the wrapper writes it after
 * the last log line), then reports it on stderr. Polls rather than `tail --pid`: a wrapper that
 * ended stays a zombie until init reaps it, which some containers do only every few seconds.
 * Arguments: run folder, offset, wrapper pid.
 */
export const FOLLOW_SCRIPT = `d=$1; off=$2; pid=$3; gone=0
wrapper_alive() { local state; [ -r "/proc/$pid/stat" ] || return 1; state=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null); [ "$state" != Z ]; }
while :; do
  finished=0; [ -e "$d/exit" ] && finished=1
  size=$(stat -c %s -- "$d/log" 2>/dev/null) || size=$off
  if [ "$size" -gt "$off" ]; then tail -c "+$((off + 1))" -- "$d/log" | head -c "$((size - off))"; off=$size; fi
  [ "$finished" = 1 ] && break
  if ! wrapper_alive; then gone=$((gone + 1)); [ "$gone" -gt 2 ] && break; fi
  sleep 0.1
done
printf 'EXIT %s\\n' "$(cat -- "$d/exit" 2>/dev/null || echo unknown)" >&2`;

/**
 * Signals the program's process group (bitwarden.sh and its docker children). A cancel right after
 * the start may come before the wrapper wrote the group id: wait up to 2 s for it.
 */
export const SIGNAL_SCRIPT = `for _ in $(seq 20); do [ -s "$1/pgid" ] && break; [ -e "$1/exit" ] && exit 0; sleep 0.1; done
pgid=$(cat -- "$1/pgid" 2>/dev/null) && [ -n "$pgid" ] && kill -s "$2" -- "-$pgid" 2>/dev/null; exit 0`;

export const CLEANUP_SCRIPT = `case "$1" in /tmp/sponsorship-setup-run.*) rm -rf -- "$1";; esac`;
