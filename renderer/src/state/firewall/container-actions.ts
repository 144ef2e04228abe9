import { loading, settled } from '../async-state';
import { typedProxy, type FirewallSlice } from '../firewall-slice';
import type { GetStore, SetStore } from './store-access';

let operationCounter = 0;

/** The container test commands: shown to copy, and run on the server after main asked the admin. */
export function containerActions(set: SetStore, get: GetStore): Pick<FirewallSlice, 'loadContainerCommands' | 'runInContainers' | 'cancelInContainers'> {
  return {
    async loadContainerCommands() {
      const { region } = get().firewallRegion();
      const proxy = typedProxy(get().firewallForm) || undefined;
      const key = `${region} ${proxy ?? ''}`;
      const shown = get().firewallContainerCommands;
      if (shown.kind !== 'idle' && shown.input === key) return;
      // The commands on screen stay until the new ones arrive (no jump while typing).
      if (shown.kind !== 'ready') set({ firewallContainerCommands: loading(key) });
      const result = await window.sponsorship.firewall.containerCommands({ region, proxy });
      const latest = get().firewallContainerCommands;
      if (latest.kind === 'loading' && latest.input !== key) return;
      set({ firewallContainerCommands: settled(result, key) });
    },
    async runInContainers() {
      if (get().firewallContainerRun.kind === 'loading') return;
      const input = { operationId: `containers-${Date.now()}-${++operationCounter}`, region: get().firewallRegion().region };
      set({ firewallContainerRun: { kind: 'loading', input, partial: [] } });
      console.info(`[firewall] container commands ${input.operationId} asked for`);
      const unsubscribe = window.sponsorship.firewall.onContainerResult((event) => {
        const run = get().firewallContainerRun;
        if (run.kind !== 'loading' || run.input.operationId !== event.operationId) return;
        set({ firewallContainerRun: { ...run, partial: [...run.partial, event.result] } });
      });
      try {
        const result = await window.sponsorship.firewall.runInContainers(input);
        set({ firewallContainerRun: result.ok ? { kind: 'ready', input, value: result.value } : { kind: 'failed', input, error: result.error } });
      } finally {
        unsubscribe();
      }
    },
    async cancelInContainers() {
      const run = get().firewallContainerRun;
      if (run.kind === 'loading') await window.sponsorship.app.cancelOperation(run.input.operationId);
    },
  };
}
