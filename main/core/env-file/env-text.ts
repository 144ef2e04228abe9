import { CoreError } from '../shared';

/** The UTF-8 byte order mark as it appears in decoded text. Kept so a file that had one still has it. */
export const BOM = '\uFEFF';

/**
 * Decodes env-file bytes losslessly: a leading BOM stays in the text (as `\uFEFF`) and line endings
 * are untouched, so `encodeEnvText(decodeEnvText(bytes))` gives back exactly `bytes`.
 *
 * @throws CoreError `not-text` (outcome `unusable-input`) for NUL bytes or invalid UTF-8 — such a
 *   file is not an env file and rewriting it could destroy data.
 */
export function decodeEnvText(bytes: Uint8Array, fileLabel = 'the env file'): string {
  if (bytes.includes(0)) {
    throw new CoreError('not-text', `${fileLabel} contains NUL bytes; it is not a text file, so it was not read or changed.`, 'unusable-input');
  }
  try {
    // ignoreBOM keeps the BOM in the text, so writing it back reproduces the file byte for byte.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CoreError('not-text', `${fileLabel} is not valid UTF-8 text, so it was not read or changed.`, 'unusable-input');
  }
}

/** Encodes text (including any leading BOM) back to UTF-8 bytes. */
export function encodeEnvText(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
