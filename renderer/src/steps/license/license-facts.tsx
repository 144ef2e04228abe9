import type { LicenseInspection } from '../../../../main/core/license';
import { CopyButton } from '../../components/copy-button';
import { FEATURE_LABELS } from './license-texts';

type LicenseSummary = NonNullable<LicenseInspection['license']>;

/** The license's fields as the server will use them (from the signed token when there is one). */
export function LicenseFacts({ license: l }: { license: LicenseSummary }) {
  return (
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
  );
}
