import { shell } from 'electron';

/** Only `https:` leaves the app; everything else (file:, javascript:, http:, custom schemes) is refused. */
export function isAllowedExternalUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' && url.hostname.length > 0 && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The one opener for links: every window-open, navigation attempt and "open in browser" goes through it. */
export async function openExternalSafely(candidate: string, log: (line: string) => void): Promise<boolean> {
  if (!isAllowedExternalUrl(candidate)) {
    log(`[links] blocked external URL: ${candidate.slice(0, 200)}`);
    return false;
  }
  await shell.openExternal(candidate);
  return true;
}
