import { loading, settled } from '../async-state';
import { IDLE_PROXY_ENV, typedProxy, type FirewallSlice } from '../firewall-slice';
import { knownInstall } from '../install-slice';
import type { GetStore, SetStore } from './store-access';

/** Giving the typed proxy to the containers: the diff first, the write only after the admin confirmed it. */
export function proxyEnvActions(set: SetStore, get: GetStore): Pick<FirewallSlice, 'planProxyEnv' | 'confirmProxyEnv' | 'dismissProxyEnv'> {
  return {
    async planProxyEnv() {
      const install = knownInstall(get().install);
      const proxy = typedProxy(get().firewallForm);
      if (install === null || !proxy) return;
      const input = { folder: install.folder, proxy };
      set({ proxyEnv: { plan: loading(input), write: { kind: 'idle' } } });
      const result = await window.sponsorship.firewall.planProxyEnv({ installId: install.installId, proxy });
      set({ proxyEnv: { plan: settled(result, input), write: { kind: 'idle' } } });
    },
    async confirmProxyEnv() {
      const { plan, write } = get().proxyEnv;
      if (plan.kind !== 'ready' || write.kind === 'loading') return;
      const install = knownInstall(get().install);
      // Another install was chosen since the diff was shown: that diff is not this install's.
      if (!install || install.folder !== plan.input.folder) return set({ proxyEnv: IDLE_PROXY_ENV });
      set({ proxyEnv: { plan, write: loading(plan.input) } });
      const result = await window.sponsorship.firewall.writeProxyEnv({ installId: install.installId, proxy: plan.input.proxy, confirmedDiff: plan.value.diff });
      set({ proxyEnv: { plan, write: settled(result, plan.input) } });
      if (result.ok) await get().refreshInstall();
    },
    dismissProxyEnv() {
      set({ proxyEnv: IDLE_PROXY_ENV });
    },
  };
}
