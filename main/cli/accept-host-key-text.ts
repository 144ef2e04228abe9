/**
 * `--accept-host-key` as ssh-keygen -lf prints a fingerprint (SHA256: and 43 characters). Its own
 * module without commander: the entry checks it before the argument parser loads (early-ssh.ts).
 */
export function isAcceptHostKeyText(text: string): boolean {
  return /^SHA256:[A-Za-z0-9+/]{43}=?$/.test(text.trim());
}
