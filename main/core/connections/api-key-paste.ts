/**
 * Finds a personal API key pair in whatever the admin pasted: the web vault's "View API key" dialog
 * copied whole (its "OAuth 2.0 Client Credentials" box lists `client_id:`, `client_secret:`, `scope:`,
 * `grant_type:`, each label above its value: bitwarden/clients `api-key.component.html`), the same with
 * labels on one line, quoted, as JSON, as `BW_CLIENTID=` / `BW_CLIENTSECRET=` lines, or just the two
 * values. Pure: nothing is stored or sent. Never puts the secret into a reason.
 */
export type ApiKeyPaste =
  | { ok: true; clientId: string; clientSecret: string; warnings: string[] }
  | { ok: false; code: ApiKeyPasteProblem; reason: string };

export type ApiKeyPasteProblem = 'empty' | 'too-long' | 'no-client-id' | 'organization-key' | 'installation-key' | 'several-client-ids' | 'no-secret' | 'several-secrets';

/** More than a whole dialog copied with its surroundings: not an API key paste. */
const MAX_PASTE_CHARS = 10_000;
/** `CoreHelpers.SecureRandomString(30, …)`: letters and digits. */
const SECRET_LENGTH = 30;

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const CLIENT_ID = new RegExp(`(?<![\\w.])(user|organization|installation)\\.(${GUID})(?![\\w-])`, 'gi');
const SECRET_LABEL = /(?:client[_ ]?secret|bw_clientsecret)\s*["']?\s*[:=]?\s*["']?\s*([^\s"',;{}]+)/i;
/** Words of the dialog (and of JSON / env forms) that are never the secret. */
const KNOWN_WORDS = new Set(['client_id', 'client_secret', 'clientid', 'clientsecret', 'bw_clientid', 'bw_clientsecret', 'scope', 'grant_type', 'api', 'api.organization', 'client_credentials']);

const WHERE = 'In the web vault: Account settings → Security → Keys → View API key.';

export function extractApiKeyPair(pasted: string): ApiKeyPaste {
  const text = pasted.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.trim()) return problem('empty', `Nothing was pasted. Paste the client_id and client_secret of your personal API key. ${WHERE}`);
  if (text.length > MAX_PASTE_CHARS) return problem('too-long', `The pasted text is ${text.length} characters long; an API key is two short values. Paste only the API key. ${WHERE}`);

  const ids = [...text.matchAll(CLIENT_ID)].map((m) => ({ kind: m[1]!.toLowerCase(), id: `${m[1]!.toLowerCase()}.${m[2]!}` }));
  const users = unique(ids.filter((i) => i.kind === 'user').map((i) => i.id.toLowerCase()));
  if (users.length === 0) {
    if (ids.some((i) => i.kind === 'organization')) {
      return problem(
        'organization-key',
        `This is an organization API key (organization.<id>). Sponsorship Setup signs in as you, with your personal API key (client_id user.<id>). ${WHERE}`,
      );
    }
    if (ids.some((i) => i.kind === 'installation')) {
      return problem('installation-key', `This is an installation id and key (installation.<id>), not an API key. Paste your personal API key (client_id user.<id>). ${WHERE}`);
    }
    return problem('no-client-id', `No client_id was found: a personal API key's client_id looks like user.<id>. ${WHERE}`);
  }
  if (users.length > 1) return problem('several-client-ids', `The pasted text holds ${users.length} different client_ids (user.<id>). Paste one API key at a time.`);
  const clientId = ids.find((i) => i.kind === 'user')!.id;

  const secret = labeledSecret(text) ?? unlabeledSecret(text);
  if (secret === 'several') return problem('several-secrets', 'The pasted text holds more than one value that could be the client_secret. Paste only this API key (client_id and client_secret).');
  if (!secret) return problem('no-secret', `A client_id (${clientId}) was found but no client_secret. Paste both values. ${WHERE}`);
  const warnings =
    secret.length === SECRET_LENGTH && /^[A-Za-z0-9]+$/.test(secret)
      ? []
      : [`Bitwarden's API key secrets are ${SECRET_LENGTH} letters and digits; this one has ${secret.length} characters. It is used as pasted: check it is the whole secret if the sign-in fails.`];
  return { ok: true, clientId, clientSecret: secret, warnings };
}

/** The value after a `client_secret` label (same line or the next, `:` or `=`, quotes optional). */
function labeledSecret(text: string): string | undefined {
  const value = SECRET_LABEL.exec(text)?.[1];
  if (!value || KNOWN_WORDS.has(value.toLowerCase()) || value.endsWith(':')) return undefined;
  return value;
}

/** Without a label: the one token left that is letters and digits only and long enough to be a secret. */
function unlabeledSecret(text: string): string | 'several' | undefined {
  const withoutIds = text.replace(CLIENT_ID, ' ');
  const tokens = withoutIds.split(/[\s"',;:={}[\]]+/).filter((token) => token && !KNOWN_WORDS.has(token.toLowerCase()));
  const candidates = unique(tokens.filter((token) => /^[A-Za-z0-9]{20,128}$/.test(token)));
  if (candidates.length > 1) return 'several';
  return candidates[0];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function problem(code: ApiKeyPasteProblem, reason: string): ApiKeyPaste {
  return { ok: false, code, reason };
}
