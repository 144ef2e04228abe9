import { describe, expect, it } from 'vitest';
import { cloudEndpoints, deviceTypeFor, readServerError, retryAfterMs, selfHostedEndpoints } from '../../../main/core/vault-api';

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
