import { useShallow } from 'zustand/react/shallow';
import { ChosenFileField } from '../../components/chosen-file-field';
import { useWizardStore } from '../../state/wizard-store';

/** Custom targets, address pins and an extra root certificate: for a private cloud or test servers. */
export function CustomTargets() {
  const { form, updateForm, pickCaFile } = useWizardStore(
    useShallow((s) => ({ form: s.firewallForm, updateForm: s.updateFirewallForm, pickCaFile: s.pickFirewallCaFile })),
  );
  return (
    <details className="firewall-advanced">
      <summary>Custom targets (advanced)</summary>
      <p className="muted">
        For a private Bitwarden cloud (e.g. a government cloud) or test servers: these URLs replace the region's hosts; each is requested
        exactly, and any 2xx answer passes.
      </p>
      <label htmlFor="firewall-urls">Custom target URLs (https://, one per line)</label>
      <textarea
        id="firewall-urls"
        rows={3}
        spellCheck={false}
        value={form.customUrls}
        onChange={(event) => updateForm({ customUrls: event.target.value })}
      />
      <label htmlFor="firewall-resolve">Use these addresses (HOST:ADDRESS, one per line; like curl --resolve)</label>
      <textarea id="firewall-resolve" rows={2} spellCheck={false} value={form.resolve} onChange={(event) => updateForm({ resolve: event.target.value })} />
      <label htmlFor="firewall-ca">Also trust this root certificate (PEM file) for the check</label>
      <ChosenFileField id="firewall-ca" file={form.caFile} onChange={(caFile) => updateForm({ caFile })} pick={pickCaFile} pickLabel="Choose file…" />
    </details>
  );
}
