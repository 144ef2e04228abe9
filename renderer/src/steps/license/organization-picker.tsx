import { useId } from 'react';
import type { ConnectionView } from '../../../../main/ipc/contracts/connections-contract';
import { CopyButton } from '../../components/copy-button';
import { useWizardStore } from '../../state/wizard-store';

/** The organization the license is downloaded from (cloud) or uploaded to (self): a list when there are several. */
export function OrganizationPicker({ role, connection, value }: { role: 'cloud' | 'self'; connection: ConnectionView; value: string | null }) {
  const choose = useWizardStore((s) => s.chooseLicenseOrganization);
  const id = useId();
  const organizations = connection.ownerOrganizations;
  if (organizations.length === 0) return null;
  const idLabel = role === 'cloud' ? 'cloud organization ID' : 'self-hosted organization ID';
  if (organizations.length === 1) {
    const only = organizations[0]!;
    return (
      <p>
        Organization: <strong>{only.name}</strong> <code>{only.id}</code> <CopyButton text={only.id} label={idLabel} />
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
