import { randomUUID } from 'node:crypto';
import { CoreError } from '../../core/shared';

/** Bitwarden's documentation, the one link the app offers that no response builds. */
export const DOCS_LINK_ID = 'docs';
const DOCS_URL = 'https://bitwarden.com/help/';

/**
 * URLs main built and handed to the screen (web vaults, the install's vault and admin portal, the
 * docs), each under an id. The renderer opens a link by id; it never names a URL.
 */
export class LinkRegistry {
  private readonly links = new Map<string, string>([[DOCS_LINK_ID, DOCS_URL]]);

  /** Registers a URL main built; returns its id (the same URL keeps its id). */
  register(url: string): string {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || parsed.username || parsed.password) {
      throw new CoreError('unsafe-link', `Refused to offer ${parsed.protocol} link ${parsed.host}.`, 'problem');
    }
    for (const [linkId, known] of this.links) if (known === parsed.href) return linkId;
    const linkId = randomUUID();
    this.links.set(linkId, parsed.href);
    return linkId;
  }

  /** The URL behind an id, or null when main never issued it. */
  url(linkId: string): string | null {
    return this.links.get(linkId) ?? null;
  }
}
