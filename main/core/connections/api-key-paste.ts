/**
 * Reads a personal API key from whatever the admin pasted: the web vault's "View API key" dialog as
 * copied (labels, `scope` and `grant_type` lines included), `KEY=value` or JSON forms, quoted or not, or
 * just the two values. Bitwarden's client_id is `user.<guid>`; the secret is the random alphanumeric
 * string the server made (`CoreHelpers.SecureRandomString(30)` in src/Core/Entities/User.cs, ApiKey).
 */
export interface ApiKeyPaste {
  /** `user.<guid>`, lowercased guid, or null when the text has none. */
  clientId: string | null;
  /** The secret, or null when the text has none (or more than one candidate and no label says which). */
  clientSecret: string | null;
}

const CLIENT_ID = /\buser\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;
const LABELLED_SECRET = /(?:client[_\s-]?secret|BW_CLIENTSECRET)["']?\s*[:=]?\s*["']?([A-Za-z0-9]{16,128})\b/i;
const SECRET_CANDIDATE = /^[A-Za-z0-9]{16,128}$/;
/** Words the dialog and the usual forms show besides the two values. */
const NOT_A_SECRET = new Set(['client_id', 'client_secret', 'clientid', 'clientsecret', 'bw_clientid', 'bw_clientsecret', 'scope', 'api', 'grant_type', 'client_credentials']);

export function parseApiKeyPaste(text: string): ApiKeyPaste {
  const id = CLIENT_ID.exec(text);
  const clientId = id ? `user.${id[1]!.toLowerCase()}` : null;
  const labelled = LABELLED_SECRET.exec(text);
  if (labelled) return { clientId, clientSecret: labelled[1]! };
  const rest = id ? text.replace(id[0], ' ') : text;
  const candidates = rest
    .split(/[\s"'`,;:={}[\]()]+/)
    .filter((word) => SECRET_CANDIDATE.test(word) && !NOT_A_SECRET.has(word.toLowerCase()));
  return { clientId, clientSecret: candidates.length === 1 ? candidates[0]! : null };
}
