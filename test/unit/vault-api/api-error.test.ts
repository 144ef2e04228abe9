import { describe, expect, it } from 'vitest';
import { cloudEndpoints, deviceTypeFor, edgeBlockPage, readServerError, retryAfterMs, selfHostedEndpoints } from '../../../main/core/vault-api';

describe('readServerError', () => {
  it('turns validationErrors into "Field: text"', () => {
    const body = JSON.stringify({ message: 'The model state is invalid.', validationErrors: { MasterPasswordHash: ['Invalid password.'] }, object: 'error' });
    expect(readServerError(body).serverMessage).toBe('MasterPasswordHash: Invalid password.');
  });
  it('uses message when there are no validation errors', () => {
    expect(readServerError('{"message":"Invalid installation id","validationErrors":null}').serverMessage).toBe('Invalid installation id');
  });
  it('reads identity errors: error_description wins, error kept as serverError', () => {
    const result = readServerError(JSON.stringify({ error: 'invalid_grant', error_description: 'No device information provided', ErrorModel: { Message: 'no device information provided' } }));
    expect(result).toEqual({ serverMessage: 'No device information provided', serverError: 'invalid_grant' });
    expect(readServerError('{"error":"invalid_client"}')).toEqual({ serverMessage: 'invalid_client', serverError: 'invalid_client' });
  });
  it('ignores HTML error pages', () => {
    expect(readServerError('<html><body>502 Bad Gateway</body></html>')).toEqual({});
  });
});

describe('endpoints and identity', () => {
  it('derives self-hosted endpoints and strips trailing slashes', () => {
    expect(selfHostedEndpoints('https://vault.example.com/')).toEqual({ apiUrl: 'https://vault.example.com/api', identityUrl: 'https://vault.example.com/identity' });
    expect(cloudEndpoints('EU')).toEqual({ apiUrl: 'https://api.bitwarden.eu', identityUrl: 'https://identity.bitwarden.eu' });
  });
  it('refuses plain http', () => {
    expect(() => selfHostedEndpoints('http://vault.example.com')).toThrow(/https/);
  });
  it('picks desktop and CLI device types per OS', () => {
    expect([deviceTypeFor('desktop', 'win32'), deviceTypeFor('desktop', 'darwin'), deviceTypeFor('desktop', 'linux')]).toEqual([6, 7, 8]);
    expect([deviceTypeFor('cli', 'win32'), deviceTypeFor('cli', 'darwin'), deviceTypeFor('cli', 'linux')]).toEqual([23, 24, 25]);
  });
  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('edgeBlockPage: an answer from something in front of Bitwarden', () => {
  const answer = (status: number, text: string, headers: Record<string, string> = {}) => ({ status, text, headers: new Headers(headers) });

  it('recognises Cloudflare-style 403/429 pages', () => {
    expect(edgeBlockPage(answer(403, 'error code: 1020'))).toBe('error code: 1020');
    expect(edgeBlockPage(answer(429, 'error code: 1015'))).toBe('error code: 1015');
    expect(edgeBlockPage(answer(403, '<html><head><title>Access denied</title></head></html>'))).toBe('Access denied');
    expect(edgeBlockPage(answer(429, 'Too many', { server: 'cloudflare' }))).toBe('Too many');
    expect(edgeBlockPage(answer(403, 'Forbidden by proxy policy'))).toBe('Forbidden by proxy policy');
  });

  it("leaves Bitwarden's own answers alone: JSON errors, an empty 403, its rate limiter's plain 429, other statuses", () => {
    expect(edgeBlockPage(answer(403, JSON.stringify({ message: 'nope', object: 'error' })))).toBeUndefined();
    expect(edgeBlockPage(answer(403, ''))).toBeUndefined();
    expect(edgeBlockPage(answer(429, 'API calls quota exceeded! maximum admitted 200 per 1m.'))).toBeUndefined();
    expect(edgeBlockPage(answer(400, 'error code: 1020'))).toBeUndefined();
  });
});
