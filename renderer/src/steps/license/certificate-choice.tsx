import { ErrorCallout } from '../../components/error-callout';
import { useWizardStore } from '../../state/wizard-store';

/** Bitwarden's licensing certificate is built in; another one (a test or staging key) only when the admin picks it. */
export function CertificateChoice() {
  const certificate = useWizardStore((s) => s.licenseCertificate);
  const pickCertificate = useWizardStore((s) => s.pickLicenseCertificate);
  const clearCertificate = useWizardStore((s) => s.clearLicenseCertificate);
  return (
    <>
      <div className="row" style={{ marginTop: 10 }}>
        {certificate.kind === 'ready' ? (
          <>
            <span>
              Licensing certificate <code>{certificate.value.info.thumbprintSha1}</code>{' '}
              {certificate.value.info.isBitwardenProduction ? "(Bitwarden's production licensing certificate)" : '(NOT Bitwarden’s production licensing certificate)'}
            </span>
            <button type="button" className="button button-small" onClick={() => void clearCertificate()}>
              Remove certificate
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button" onClick={() => void pickCertificate()}>
              Use another licensing certificate…
            </button>
            <span className="muted">Bitwarden's licensing certificate is built in: every license is verified against it, offline.</span>
          </>
        )}
      </div>
      {certificate.kind === 'failed' && <ErrorCallout error={certificate.error} title="That certificate cannot be used." />}
    </>
  );
}
