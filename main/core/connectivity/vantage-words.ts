/** Pure word tables (no Node imports), shared by the text report and the app's screen. */
import type { MeasuredFrom, ProbeMethod } from './types';

/** "this computer", "the server", "the container" — where a measurement was taken, in words. */
export const MEASURED_FROM_WORDS: Record<MeasuredFrom, string> = {
  'this-computer': 'this computer',
  server: 'the server',
  container: 'the container',
};

/** How the connections were opened, in words (report and screen). */
export const METHOD_WORDS: Record<ProbeMethod, string> = {
  local: "this computer's own connections",
  forward: 'connections the server opened through SSH forwarding; TLS and HTTP judged on this computer',
  exec: "the host's own tools (getent, bash /dev/tcp and curl): the server forbids forwarding, or it ran inside a container",
};
