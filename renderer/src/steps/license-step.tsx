import { useEffect, useId, useState, type DragEvent } from 'react';
import type { LicenseInspection } from '../../../main/core/license';
import { licenseAuthenticity } from '../../../main/core/license/authenticity';
import type { ConnectionView } from '../../../main/ipc/contracts/connections-contract';
import type { OrganizationMembership } from '../../../main/core/vault-api';
import { CopyButton } from '../components/copy-button';
import { ErrorCallout } from '../components/error-callout';
import { ProblemList } from '../components/problem-list';
import { StepHeader } from '../components/step-header';
import { useFocusOnArrival } from '../components/use-focus-on-arrival';
import { licenseCloudRegion, licenseInstallationId } from '../state/license-slice';
import { useWizardStore } from '../state/wizard-store';
import './license-step.css';

const CHECK_LABEL: Record<string, string> = {
  match: 'matches',
  mismatch: 'does not match',
  valid: 'valid',
  invalid: 'invalid',
  'not-checked': 'not checked',
  absent: 'absent',
};
const CHECK_TONE: Record<string, string> = { match: 'pass', valid: 'pass', mismatch: 'fail', invalid: 'fail', 'not-checked': 'skipped', absent: 'skipped' };

/** The license features that matter here, in Bitwarden's own words (web vault and help pages). */
const FEATURE_LABELS: Record<string, string> = {
  useAdminSponsoredFamilies: 'Admin-initiated Families sponsorships',
  usersGetPremium: 'Members get Premium',
  usePolicies: 'Policies',
  useSso: 'Single sign-on',
  useScim: 'SCIM',
  useGroups: 'Groups',
  useApi: 'Public API',
  useResetPassword: 'Account recovery',
  useOrganizationDomains: 'Domain verification',
};

export function LicenseStep() {
  const installationId = useWizardStore(licenseInstallationId);
  const loadConnections = useWizardStore((s) => s.loadLicenseConnections);
  const licenseFile = useWizardStore((s) => s.licenseFile);
  const reinspect = useWizardStore((s) => s.reinspectLicense);

  // Read the connections each time the step opens: the admin may have signed in meanwhile.
  useEffect(() => {
    void loadConnections();
  }, [loadConnections]);

  // The install changed since the file was inspected: check it against the new installation ID.
  const checkedId = licenseFile.kind === 'inspected' ? licenseFile.result.checkedInstallationId : null;
  useEffect(() => {
    if (licenseFile.kind === 'inspected' && (installationId?.toLowerCase() ?? null) !== checkedId) void reinspect();
  }, [installationId, checkedId, licenseFile.kind, reinspect]);

  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="license" />
      <InstallationSection installationId={installationId} />
      <GetLicenseSection installationId={installationId} />
      <CheckSection installationId={installationId} />
      <UploadSection />
    </section>
  );
}

function InstallationSection({ installationId }: { installationId: string | null }) {
  const region = useWizardStore((s) => s.licenseRegion);
  const checkRegion = useWizardStore((s) => s.checkLicenseRegion);
  return (
    <div className="license-section">
      <h2>This installation</h2>
      {installationId ? (
        <p>
          Installation ID <code data-testid="license-installation-id">{installationId}</code> <CopyButton text={installationId} label="installation ID" />
        </p>
      ) : (
        <p className="muted">
          No install read yet. Read it in the Connect step so the license is checked against its installation ID; you can still check a file here.
        </p>
      )}
      {installationId && (
        <div className="row">
          <button type="button" className="button" disabled={region.kind === 'checking'} onClick={() => void checkRegion(installationId)}>
            Which region knows this ID?
          </button>
          <span className="muted">Contacts api.bitwarden.com and api.bitwarden.eu (nothing else is sent than the ID).</span>
        </div>
      )}
      <div className="license-live" aria-live="polite">
        {region.kind === 'checking' && <p className="muted">Asking the US and EU clouds…</p>}
        {region.kind === 'failed' && <ErrorCallout error={region.error} title="The region check failed." />}
        {region.kind === 'checked' && (
          <div className={`callout ${region.result.knownIn && region.result.enabled && !region.result.mismatch ? 'callout-ok' : 'callout-warning'}`}>
            <p>{region.result.message}</p>
            {region.result.mismatch && <p>{region.result.mismatch}</p>}
          </div>
        )}
      </div>
    </div>
  );
}

function OrganizationPicker({ role, connection, value }: { role: 'cloud' | 'self'; connection: ConnectionView; value: string | null }) {
  const choose = useWizardStore((s) => s.chooseLicenseOrganization);
  const id = useId();
  const organizations: OrganizationMembership[] = connection.ownerOrganizations;
  if (organizations.length === 0) return null;
  const idLabel = role === 'cloud' ? 'cloud organization ID' : 'self-hosted organization ID';
  if (organizations.length === 1) {
    return (
      <p>
        Organization: <strong>{organizations[0]!.name}</strong> <code>{organizations[0]!.id}</code> <CopyButton text={organizations[0]!.id} label={idLabel} />
      </p>
    );
  }
  return (
    <div className="license-org">
      <label htmlFor={id}>{role === 'cloud' ? 'Cloud organization' : 'Self-hosted organization'}</label>
      <select id={id} value={value ?? ''} onChange={(event) => choose(role, event.target.value)}>
        <option value="" disabled>
          Choose an organization you own
        </option>
        {organizations.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name} ({org.id})
          </option>
        ))}
      </select>
      {value && (
        <p>
          Organization ID <code>{value}</code> <CopyButton text={value} label={idLabel} />
        </p>
      )}
    </div>
  );
}

function useManualSteps() {
  const manual = useWizardStore((s) => s.licenseManual);
  const load = useWizardStore((s) => s.loadLicenseManualSteps);
  const inputs = useWizardStore((s) => [licenseInstallationId(s), licenseCloudRegion(s), s.licenseCloudOrgId, s.licenseSelfOrgId, s.connections.phase].join('|'));
  useEffect(() => {
    void load();
  }, [inputs, load]);
  return manual.kind === 'loaded' ? manual.steps : null;
}

/** Opens a page main built, by the id it came with (the page never names a URL). */
function OpenLink({ linkId, label }: { linkId: string | null; label: string }) {
  if (!linkId) return null;
  return (
    <button type="button" className="button" onClick={() => void window.sponsorship.app.openLink(linkId)}>
      {label}
    </button>
  );
}

function GetLicenseSection({ installationId }: { installationId: string | null }) {
  const cloud = useWizardStore((s) => s.connections.cloud);
  const connectionsPhase = useWizardStore((s) => s.connections.phase);
  const cloudOrgId = useWizardStore((s) => s.licenseCloudOrgId);
  const download = useWizardStore((s) => s.licenseDownload);
  const startDownload = useWizardStore((s) => s.downloadLicense);
  const steps = useManualSteps();
  const online = cloud?.state === 'signed-in' && cloud.ownerOrganizations.length > 0;
  return (
    <div className="license-section">
      <h2>Get the license</h2>
      {/* Room for the download row while the sign-in is still being read, so it does not push the page when it appears. */}
      {connectionsPhase !== 'loaded' && !online && <div className="license-online-pending" aria-hidden="true" />}
      {online && cloud && (
        <>
          <p>Signed in to the cloud as {cloud.email}: download the license for this installation directly.</p>
          <OrganizationPicker role="cloud" connection={cloud} value={cloudOrgId} />
          <div className="row">
            <button
              type="button"
              className="button button-primary"
              disabled={!installationId || !cloudOrgId || download.kind === 'downloading'}
              onClick={() => void startDownload()}
            >
              Download from the cloud
            </button>
            {!installationId && <span className="muted">Read the install first: the license is issued for its installation ID.</span>}
          </div>
        </>
      )}
      {cloud?.state === 'error' && <ErrorCallout error={{ kind: 'problem', ...cloud.error! }} title="The cloud connection does not work right now." />}
      <div className="license-live" aria-live="polite">
        {download.kind === 'downloading' && <p className="muted">Downloading…</p>}
        {download.kind === 'cancelled' && <p className="muted">Download cancelled; nothing was saved.</p>}
        {download.kind === 'failed' && <ErrorCallout error={download.error} title="The cloud did not issue the license." />}
      </div>
      {steps && (
        <details open={connectionsPhase === 'loaded' && !online}>
          <summary>{online ? 'Or get it in the cloud web vault' : 'In the cloud web vault (on any connected machine)'}</summary>
          <ol className="license-steps">
            {steps.cloud.steps.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ol>
          {steps.cloud.notes.map((note) => (
            <p key={note} className="muted">
              {note}
            </p>
          ))}
          <OpenLink linkId={steps.cloud.linkId} label="Open the subscription page in the browser" />
        </details>
      )}
    </div>
  );
}

function CheckSection({ installationId }: { installationId: string | null }) {
  const licenseFile = useWizardStore((s) => s.licenseFile);
  const pick = useWizardStore((s) => s.pickLicenseFile);
  const importDropped = useWizardStore((s) => s.importDroppedLicense);
  const certificate = useWizardStore((s) => s.licenseCertificate);
  const pickCertificate = useWizardStore((s) => s.pickLicenseCertificate);
  const clearCertificate = useWizardStore((s) => s.clearLicenseCertificate);
  const [dragging, setDragging] = useState(false);
  const resultRef = useFocusOnArrival<HTMLDivElement>(licenseFile.kind === 'inspected' ? `${licenseFile.source.fileId}-${licenseFile.result.checkedInstallationId ?? ''}` : licenseFile.kind === 'failed' ? 'failed' : null);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void importDropped(file);
  };

  return (
    <div className="license-section">
      <h2>Check the license (offline)</h2>
      <p className="muted">Nothing leaves this computer while checking. Check on the connected machine before carrying the file over, and again here.</p>
      <div
        className={`license-drop${dragging ? ' license-drop-active' : ''}`}
        data-testid="license-drop-zone"
        role="group"
        aria-label="License file"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop bitwarden_organization_license.json here, or</p>
        <button type="button" className="button" onClick={() => void pick()}>
          Choose license file…
        </button>
      </div>
      <div className="row" style={{ marginTop: 10 }}>
        {certificate.kind === 'chosen' ? (
          <>
            <span>
              Licensing certificate <code>{certificate.info.thumbprintSha1}</code>{' '}
              {certificate.info.isBitwardenProduction ? "(Bitwarden's production licensing certificate)" : '(NOT Bitwarden’s production licensing certificate)'}
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
      <div className="license-result" aria-live="polite" ref={resultRef} tabIndex={-1}>
        {licenseFile.kind === 'none' && <p className="muted">No license checked yet.</p>}
        {licenseFile.kind === 'reading' && <p className="muted">Checking {licenseFile.fileName}…</p>}
        {licenseFile.kind === 'failed' && <ErrorCallout error={licenseFile.error} title={`${licenseFile.fileName} could not be read.`} />}
        {licenseFile.kind === 'inspected' && (
          <InspectionView
            inspection={licenseFile.result.inspection}
            fileName={licenseFile.result.fileName}
            kept={licenseFile.origin === 'downloaded' ? licenseFile.source.fileId : null}
            checkedInstallationId={licenseFile.result.checkedInstallationId}
            installationId={installationId}
          />
        )}
      </div>
    </div>
  );
}

/** Plain headlines for the problems an admin meets most, with the action that fixes them. */
const PLAIN_LICENSE_PROBLEMS: Record<string, string> = {
  'installation-mismatch': 'This license is for another installation — download the one for this installation.',
  expired: 'This license has expired — download a current one.',
};

function InspectionView(props: { inspection: LicenseInspection; fileName: string; kept: string | null; checkedInstallationId: string | null; installationId: string | null }) {
  const { inspection } = props;
  const l = inspection.license;
  const authenticity = licenseAuthenticity(inspection);
  return (
    <div data-testid="license-inspection">
      <div className={`callout ${inspection.usable ? 'callout-ok' : 'callout-problem'}`} role={inspection.usable ? undefined : 'alert'}>
        <p>
          <strong>
            {props.fileName}: {inspection.usable ? 'usable for this installation' : `not usable (${inspection.problems.length} problem${inspection.problems.length === 1 ? '' : 's'})`}
          </strong>
        </p>
        {!inspection.usable && inspection.problems.map((problem) => PLAIN_LICENSE_PROBLEMS[problem.code]).filter(Boolean).slice(0, 1).map((text) => (
          <p key={text}>
            <strong>{text}</strong>
          </p>
        ))}
        {props.kept && <KeptCopy fileId={props.kept} />}
        {!props.checkedInstallationId && <p>Not compared with an installation ID: read the install in Connect to check that too.</p>}
        <p data-testid="license-authenticity">Authenticity: {authenticity.text}</p>
      </div>
      <details className="more">
      <summary>License details</summary>
      {l && (
        <dl className="facts">
          <dt>Organization</dt>
          <dd>{l.organizationName ?? '(no name)'}</dd>
          <dt>Cloud organization ID</dt>
          <dd>
            <code>{l.cloudOrganizationId}</code> <CopyButton text={l.cloudOrganizationId} label="license file's cloud organization ID" />
          </dd>
          <dt>Plan</dt>
          <dd>
            {l.plan ?? l.planTypeName} (PlanType {l.planType}); {l.canSponsorFamilies ? 'can sponsor Families' : 'cannot sponsor Families'}
          </dd>
          <dt>Seats</dt>
          <dd>{l.seats ?? 'unlimited'}</dd>
          <dt>Issued</dt>
          <dd>{l.issued || '(none)'}</dd>
          <dt>Expires</dt>
          <dd>
            {l.expires ?? 'never'}
            {l.expirationWithoutGracePeriod ? ` (grace period from ${l.expirationWithoutGracePeriod})` : ''}
          </dd>
          <dt>Refresh</dt>
          <dd>{l.refresh ?? '(none)'}</dd>
          <dt>Installation ID</dt>
          <dd>
            <code data-testid="license-file-installation-id">{l.installationId}</code>
          </dd>
          <dt>Format version</dt>
          <dd>
            {l.version}; self-host {l.selfHost ? 'allowed' : 'NOT allowed'}; {l.enabled ? 'enabled' : 'DISABLED'}
            {l.trial ? '; trial' : ''}
          </dd>
          <dt>Features</dt>
          <dd>
            <ul className="license-features">
              {Object.entries(l.features).map(([name, on]) => (
                <li key={name} className={`chip ${on ? 'chip-pass' : 'chip-skipped'}`}>
                  {FEATURE_LABELS[name] ?? name}: {on ? 'yes' : 'no'}
                </li>
              ))}
            </ul>
          </dd>
          <dt>Values from</dt>
          <dd>{l.valuesFrom === 'token' ? 'the signed token (what the server uses)' : 'the file fields'}</dd>
        </dl>
      )}
      <div className="license-checks" aria-label="Checks">
        {(['hash', 'token', 'signature'] as const).map((name) => (
          <span key={name} className={`chip chip-${CHECK_TONE[inspection.checks[name]] ?? 'skipped'}`} data-testid={`license-check-${name}`}>
            {name}: {CHECK_LABEL[inspection.checks[name]] ?? inspection.checks[name]}
          </span>
        ))}
      </div>
      </details>
      {inspection.problems.length > 0 && (
        <>
          <h3>Problems</h3>
          <ProblemList problems={inspection.problems} tone="problem" />
        </>
      )}
      {inspection.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ProblemList problems={inspection.warnings} tone="warning" />
        </>
      )}
    </div>
  );
}

/** A downloaded license stays in the app's data; a copy elsewhere only when the admin asks. */
function KeptCopy({ fileId }: { fileId: string }) {
  const [note, setNote] = useState('');
  return (
    <p className="row">
      <span className="muted">Kept in the app’s data.</span>
      <button
        type="button"
        className="button button-small"
        onClick={async () => {
          const result = await window.sponsorship.license.saveCopy(fileId);
          setNote(result.ok ? (result.value.saved ? 'Copy saved.' : '') : result.error.message);
        }}
      >
        Save a copy…
      </button>
      <span aria-live="polite">{note}</span>
    </p>
  );
}

function UploadSection() {
  const self = useWizardStore((s) => s.connections.self);
  const selfOrgId = useWizardStore((s) => s.licenseSelfOrgId);
  const licenseFile = useWizardStore((s) => s.licenseFile);
  const upload = useWizardStore((s) => s.licenseUpload);
  const startUpload = useWizardStore((s) => s.uploadLicense);
  const steps = useManualSteps();
  const [override, setOverride] = useState(false);
  const overrideId = useId();
  const canUpload = self?.state === 'signed-in' && self.ownerOrganizations.length > 0;
  const noOrganization = self?.state === 'signed-in' && self.ownerOrganizations.length === 0;
  const inspected = licenseFile.kind === 'inspected' ? licenseFile.result : null;
  const usable = inspected?.inspection.usable ?? false;
  const busy = upload.kind === 'uploading';
  const uploadRef = useFocusOnArrival<HTMLDivElement>(upload.kind === 'uploaded' || upload.kind === 'failed' ? upload.kind : null);

  return (
    <div className="license-section">
      <h2>Upload to the self-hosted vault</h2>
      {canUpload && self && (
        <>
          <OrganizationPicker role="self" connection={self} value={selfOrgId} />
          <div className="row">
            <button type="button" className="button button-primary" disabled={!inspected || !usable || !selfOrgId || busy} onClick={() => void startUpload({ force: false })}>
              Upload license
            </button>
            {!inspected && <span className="muted">Check a license file first.</span>}
            {inspected && !usable && <span className="muted">The checked file has problems; fix them (usually: download again).</span>}
          </div>
          {inspected && !usable && (
            <div className="license-override">
              <div className="checkbox-row">
                <input id={overrideId} type="checkbox" checked={override} onChange={(event) => setOverride(event.target.checked)} />
                <label htmlFor={overrideId}>I understand the problems above and want to upload this file anyway</label>
              </div>
              <button type="button" className="button button-danger" disabled={!override || !selfOrgId || busy} onClick={() => void startUpload({ force: true })}>
                Upload anyway
              </button>
            </div>
          )}
        </>
      )}
      {self?.state === 'error' && <ErrorCallout error={{ kind: 'problem', ...self.error! }} title="The self-hosted connection does not work right now." />}
      <div className="license-live license-upload-live" aria-live="polite" ref={uploadRef} tabIndex={-1}>
        {upload.kind === 'uploading' && <p className="muted">Uploading{upload.forced ? ' (override)' : ''}…</p>}
        {upload.kind === 'uploaded' && (
          <div className={`callout ${upload.outcome.confirmation.confirmed ? 'callout-ok' : 'callout-warning'}`} data-testid="license-upload-result">
            <p>
              <strong>{upload.outcome.confirmation.confirmed ? 'Uploaded and confirmed on the server.' : 'Uploaded, but not confirmed.'}</strong>
            </p>
            <p>{upload.outcome.confirmation.message}</p>
          </div>
        )}
        {upload.kind === 'failed' && <ErrorCallout error={upload.error} title="The license was not uploaded." />}
      </div>
      {steps && !canUpload && (
        <div>
          <p>
            {noOrganization
              ? 'The self-hosted vault has no organization you own yet. Create it from the license in the web vault:'
              : 'Without a self-hosted connection, upload it in the self-hosted web vault:'}
          </p>
          <ol className="license-steps">
            {steps.selfHosted.steps.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ol>
          <OpenLink linkId={steps.selfHosted.linkId} label="Open the self-hosted subscription page" />
        </div>
      )}
      {steps?.selfHosted.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
    </div>
  );
}
