import { useEffect, useState } from 'react';
import type { ApiKeyPages } from '../../../../main/ipc/contracts/connections-contract';
import type { ConnectionRole } from '../../state/connections-slice';
import { knownInstall } from '../../state/install-slice';
import { useWizardStore } from '../../state/wizard-store';

/** "Open the API key page": the web vault page of this very server (by link id from main), and where to click there. */
export function ApiKeyPageButton({ role, region }: { role: ConnectionRole; region: 'US' | 'EU' | 'custom' }) {
  const installId = useWizardStore((state) => knownInstall(state.install)?.installId ?? null);
  const [pages, setPages] = useState<ApiKeyPages | null>(null);
  useEffect(() => {
    let current = true;
    void window.sponsorship.connections.apiKeyPages(installId).then((result) => {
      if (current && result.ok) setPages(result.value);
    });
    return () => {
      current = false;
    };
  }, [installId]);
  const linkId = role === 'cloud' ? (region === 'custom' ? null : (pages?.cloud[region] ?? null)) : (pages?.self ?? null);
  return (
    <p className="row api-key-page">
      <button type="button" className="button" disabled={!linkId} onClick={() => linkId && void window.sponsorship.app.openLink(linkId)}>
        Open the API key page
      </button>
      <span className="muted">Account settings › Security › Keys › View API key</span>
    </p>
  );
}
