import { describe, expect, it } from 'vitest';
import { parseApiKeyPaste } from '../../../main/core/connections/api-key-paste';

const ID = 'user.3f2b8c1e-5a4d-4e7f-9b0a-1c2d3e4f5a6b';
const SECRET = 'Zq8RkT3vYpW1mN6sLx2cB9hJ4dF7gA';

describe('parseApiKeyPaste: every form an admin pastes', () => {
  const forms: Record<string, string> = {
    'the View API key dialog as copied (labels, scope, grant_type)': `client_id:\n${ID}\nclient_secret:\n${SECRET}\nscope:\napi\ngrant_type:\nclient_credentials\n`,
    'labels on one line each': `client_id: ${ID}\nclient_secret: ${SECRET}\nscope: api\ngrant_type: client_credentials`,
    'environment variables': `BW_CLIENTID=${ID}\nBW_CLIENTSECRET=${SECRET}`,
    'quoted environment variables': `export BW_CLIENTID="${ID}"\nexport BW_CLIENTSECRET='${SECRET}'`,
    JSON: JSON.stringify({ client_id: ID, client_secret: SECRET, scope: 'api', grant_type: 'client_credentials' }),
    'the two values on two lines': `${ID}\n${SECRET}`,
    'the two values on one line': `  ${ID} ${SECRET}  `,
    'secret first, without labels': `${SECRET}\n${ID}`,
  };
  for (const [name, text] of Object.entries(forms)) {
    it(name, () => {
      expect(parseApiKeyPaste(text)).toEqual({ clientId: ID, clientSecret: SECRET });
    });
  }

  it('lowercases the guid of the client_id', () => {
    expect(parseApiKeyPaste(`${ID.toUpperCase().replace('USER.', 'user.')} ${SECRET}`).clientId).toBe(ID);
  });

  it('the client_id alone: no secret', () => {
    expect(parseApiKeyPaste(ID)).toEqual({ clientId: ID, clientSecret: null });
  });

  it('the secret alone: no client_id', () => {
    expect(parseApiKeyPaste(SECRET)).toEqual({ clientId: null, clientSecret: SECRET });
  });

  it('two unlabelled candidates: no guess', () => {
    expect(parseApiKeyPaste(`${ID} ${SECRET} ${SECRET.split('').reverse().join('')}`).clientSecret).toBeNull();
  });

  it('an organization key is not a personal key', () => {
    expect(parseApiKeyPaste(`organization.3f2b8c1e-5a4d-4e7f-9b0a-1c2d3e4f5a6b ${SECRET}`).clientId).toBeNull();
  });
});
