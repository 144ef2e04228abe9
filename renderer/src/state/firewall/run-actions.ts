import { loading, settled } from '../async-state';
import { checkOptionsFrom, type FirewallSlice } from '../firewall-slice';
import type { GetStore, SetStore } from './store-access';

let operationCounter = 0;

/** Plan (contacts nothing), run with live stages, cancel. */
export function runActions(set: SetStore, get: GetStore): Pick<FirewallSlice, 'planFirewallCheck' | 'runFirewallCheck' | 'cancelFirewallCheck'> {
  const currentOptions = () => checkOptionsFrom(get().firewallForm, get().firewallRegion().region);
  return {
    async planFirewallCheck() {
      const options = currentOptions();
      const key = JSON.stringify(options);
      // The plan on screen stays until the new one arrives: emptying the list meanwhile would make the page jump.
      if (get().firewallPlan.kind !== 'ready') set({ firewallPlan: loading(key) });
      const result = await window.sponsorship.firewall.plan(options);
      // Only the latest form counts (the admin may still be typing).
      if (JSON.stringify(currentOptions()) !== key) return;
      set({ firewallPlan: settled(result, key) });
    },
    async runFirewallCheck() {
      if (get().firewallPlan.kind !== 'ready' || get().firewallRun.kind === 'running') return;
      const form = get().firewallForm;
      const options = currentOptions();
      const key = JSON.stringify(options);
      // Plan again from exactly these options (it contacts nothing): the debounced plan on screen may
      // still describe the form as it was before the last keystroke, and the rows must match the run.
      const fresh = await window.sponsorship.firewall.plan(options);
      set({ firewallPlan: settled(fresh, key) });
      if (!fresh.ok || get().firewallRun.kind === 'running') return;
      const operationId = `firewall-${Date.now()}-${++operationCounter}`;
      const targets = fresh.value.targets;
      set({ firewallRun: { kind: 'running', operationId, targets, stages: {} }, firewallReportNote: '' });
      console.info(`[firewall] run ${operationId} started`);
      const unsubscribe = window.sponsorship.firewall.onStage((event) => {
        const run = get().firewallRun;
        if (run.kind !== 'running' || run.operationId !== event.operationId) return;
        const previous = run.stages[event.target] ?? [];
        set({ firewallRun: { ...run, stages: { ...run.stages, [event.target]: [...previous, event.stage] } } });
      });
      try {
        const result = await window.sponsorship.firewall.run({ ...options, operationId, caFileId: form.caFile?.fileId });
        const run = get().firewallRun;
        if (run.kind !== 'running' || run.operationId !== operationId) return;
        if (result.ok) {
          // The report is authoritative: events may still be in flight when the call resolves.
          const stages = Object.fromEntries(result.value.targets.map((t) => [t.url, t.stages]));
          set({ firewallRun: { kind: 'finished', operationId, targets, stages, report: result.value } });
        } else {
          set({ firewallRun: { kind: 'failed', operationId, targets, stages: run.stages, error: result.error } });
        }
      } finally {
        unsubscribe();
      }
    },
    async cancelFirewallCheck() {
      const run = get().firewallRun;
      if (run.kind === 'running') await window.sponsorship.app.cancelOperation(run.operationId);
    },
  };
}
