import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../support/test-pki';

describe('test PKI made at test time', () => {
  let pki: TestPki;
  afterAll(() => pki?.dispose());

  it('issues leaves that chain to their CA, with names and chosen dates', async () => {
    pki = await createTestPki();
    const ca = await pki.createCa('Test Root', { organization: 'Corp Inspect' });
    const leaf = await pki.createLeaf(ca, { commonName: 'api.bitwarden.test', ipAddresses: ['127.0.0.1'] });
    const expired = await pki.createLeaf(ca, { commonName: 'old.test', notBefore: '20200101000000Z', notAfter: '20210101000000Z' });
    const caCert = new X509Certificate(ca.certPem);
    expect(new X509Certificate(leaf.certPem).verify(caCert.publicKey)).toBe(true);
    expect(new X509Certificate(leaf.certPem).subjectAltName).toContain('DNS:api.bitwarden.test');
    expect(new X509Certificate(leaf.certPem).subjectAltName).toContain('IP Address:127.0.0.1');
    expect(new Date(new X509Certificate(expired.certPem).validTo).getUTCFullYear()).toBe(2021);
    expect(caCert.subject).toContain('O=Corp Inspect');
  });
});
