import path from 'node:path';

/**
 * The renderer is served from a privileged custom scheme instead of file://, so its origin is exactly
 * `app://renderer` and a file:// page (a downloaded HTML file, say) is never mistaken for ours.
 */
export const APP_SCHEME = 'app';
export const RENDERER_ORIGIN = `${APP_SCHEME}://renderer`;
export const RENDERER_ENTRY_URL = `${RENDERER_ORIGIN}/index.html`;

/** For `protocol.registerSchemesAsPrivileged` (before the app is ready): standard and secure, nothing more. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false } as const;

/**
 * The file under `rendererRoot` that an `app://renderer/…` request names, or null to refuse it.
 * Refused: another host, credentials or port, `.`/`..` segments (also percent-encoded), encoded
 * slashes or backslashes, NUL, and anything still percent-encoded after one decoding (double
 * encoding), so a request can only ever name a file inside the renderer folder.
 */
export function rendererFileFor(requestUrl: string, rendererRoot: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== 'renderer' || url.port || url.username || url.password) return null;
  const rawSegments = url.pathname.split('/').filter((segment) => segment.length > 0);
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (decoded === '.' || decoded === '..' || /[/\\\0%]/.test(decoded) || raw.includes('\\')) return null;
    segments.push(decoded);
  }
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, ...(segments.length > 0 ? segments : ['index.html']));
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}
