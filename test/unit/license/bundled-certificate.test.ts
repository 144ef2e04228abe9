import { readFileSync } from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT, bundledLicensingCertificate, bundledLicensingCertificatePem } from '../../../main/core/license';

const root = path.join(__dirname, '../../..');

describe("the bundled Bitwarden licensing certificate", () => {
  it('loads, is RSA, and has the SHA-1 thumbprint B34876439FCDA2846505B2EFBBA6C4A951313EBE', () => {
    const loaded = bundledLicensingCertificate();
    expect(BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT).toBe('B34876439FCDA2846505B2EFBBA6C4A951313EBE');
    expect(loaded.info).toEqual({ thumbprintSha1: 'B34876439FCDA2846505B2EFBBA6C4A951313EBE', isBitwardenProduction: true, subject: 'CN=bitwarden License' });
    expect(loaded.publicKey.asymmetricKeyType).toBe('rsa');
    // Independently of our loader: the thumbprint of the PEM as compiled in.
    const fingerprint = new X509Certificate(bundledLicensingCertificatePem()).fingerprint.replace(/:/g, '');
    expect(fingerprint).toBe('B34876439FCDA2846505B2EFBBA6C4A951313EBE');
  });

  it('is compiled from assets/bitwarden-licensing.pem (run scripts/generate-licensing-certificate.mjs after changing it)', () => {
    expect(bundledLicensingCertificatePem()).toBe(readFileSync(path.join(root, 'assets/bitwarden-licensing.pem'), 'utf8'));
  });
});
