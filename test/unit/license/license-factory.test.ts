import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { LICENSE_FIELDS, licenseDataString, parseLicense } from '../../../main/core/license';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';

const run = promisify(execFile);
let key: TestLicensingKey;

beforeAll(async () => {
  key = await createTestLicensingKey();
});

function jwtParts(token: string | undefined) {
  const [header = '', payload = ''] = (token ?? '').split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload) };
}

describe('test license factory writes files in the real format', () => {
  it('has every OrganizationLicense property, camelCase for the cloud and PascalCase as the server saves', () => {
    const camel = issueTestLicense({ key, casing: 'camel' }).object;
    const pascal = issueTestLicense({ key, casing: 'pascal' }).object;
    expect(Object.keys(camel)).toHaveLength(LICENSE_FIELDS.length);
    expect(Object.keys(camel).every((k) => /^[a-z]/.test(k))).toBe(true);
    expect(Object.keys(pascal).every((k) => /^[A-Z]/.test(k))).toBe(true);
    expect(camel).toHaveProperty('use2fa');
    expect(camel.issued).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it('token: RS256, iss bitwarden, aud organization:{id}, nbf/exp a year apart, jti, claims as cloud strings', () => {
    const cloudOrgId = '1065216d-5854-4326-838d-635487f30b43';
    const license = issueTestLicense({ key, cloudOrgId, planType: 20, issued: new Date('2026-03-10T09:30:15.250Z') });
    const { header, payload } = jwtParts(license.token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: 'bitwarden',
      aud: `organization:${cloudOrgId}`,
      nbf: 1773135015,
      exp: 1773135015 + 365 * 86_400,
      Id: cloudOrgId,
      PlanType: '20',
      Enabled: 'True',
      UseKeyConnector: 'False',
      LicenseType: 'Organization',
      Issued: '03/10/2026 09:30:15',
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    const custom = Object.entries(payload).filter(([name]) => !['nbf', 'exp', 'iat'].includes(name));
    expect(custom.every(([, value]) => typeof value === 'string')).toBe(true);
    expect(payload).not.toHaveProperty('Version');
    expect(issueTestLicense({ key, withToken: false }).token).toBeUndefined();
  });

  it('signature verifies with openssl, independently of node:crypto (RSA PKCS#1 v1.5, SHA-256)', async () => {
    const license = issueTestLicense({ key, withToken: false, version: 15 });
    const parsed = parseLicense(new TextEncoder().encode(license.json)).license;
    if (!parsed) throw new Error('factory output did not parse');
    const folder = await mkdtemp(path.join(os.tmpdir(), 'license-verify-'));
    try {
      await writeFile(path.join(folder, 'cert.pem'), key.certificatePem);
      await writeFile(path.join(folder, 'data.txt'), licenseDataString(parsed, { forHash: false }));
      await writeFile(path.join(folder, 'sig.bin'), Buffer.from(license.signature, 'base64'));
      await run('openssl', ['x509', '-in', 'cert.pem', '-pubkey', '-noout', '-out', 'pub.pem'], { cwd: folder, timeout: 20_000 });
      const { stdout } = await run('openssl', ['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.bin', 'data.txt'], { cwd: folder, timeout: 20_000 });
      expect(stdout.trim()).toBe('Verified OK');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('refuses versions outside 1–16', () => {
    expect(() => issueTestLicense({ key, version: 17 })).toThrow(/1–16/);
  });
});
