import { useShallow } from 'zustand/react/shallow';
import { useWizardStore } from '../../state/wizard-store';
import { CustomTargets } from './custom-targets';

/** Region, proxy and custom targets, folded away: the defaults suit most installs. */
export function FirewallOptions() {
  const { form, running, updateForm, regionOf } = useWizardStore(
    useShallow((s) => ({ form: s.firewallForm, running: s.firewallRun.kind === 'running', updateForm: s.updateFirewallForm, regionOf: s.firewallRegion })),
  );
  const { region, fromInstall } = regionOf();
  return (
    <details className="more firewall-options">
      <summary>Options: region, proxy, custom targets</summary>
      <fieldset className="firewall-fieldset" disabled={running}>
        <legend>What to check</legend>
        <div className="firewall-field">
          {fromInstall ? (
            <p>
              Region: <strong>{region.toUpperCase()}</strong> <span className="muted">(from the install)</span>
            </p>
          ) : (
            <>
              <label htmlFor="firewall-region">Region</label>
              <select
                id="firewall-region"
                value={form.chosenRegion}
                onChange={(event) => updateForm({ chosenRegion: event.target.value === 'eu' ? 'eu' : 'us' })}
              >
                <option value="us">US (bitwarden.com)</option>
                <option value="eu">EU (bitwarden.eu)</option>
              </select>
            </>
          )}
        </div>
        <div className="firewall-field">
          <label htmlFor="firewall-proxy">Proxy (optional)</label>
          <input
            id="firewall-proxy"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="http://proxy.example.internal:3128 — empty: this computer's proxy settings"
            value={form.proxy}
            disabled={form.direct}
            onChange={(event) => updateForm({ proxy: event.target.value })}
          />
          <label className="firewall-checkbox">
            <input type="checkbox" checked={form.direct} onChange={(event) => updateForm({ direct: event.target.checked })} /> Connect
            directly (ignore every proxy setting)
          </label>
        </div>
        <CustomTargets />
      </fieldset>
    </details>
  );
}
