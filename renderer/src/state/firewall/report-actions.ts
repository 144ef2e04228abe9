import type { FirewallSlice } from '../firewall-slice';
import type { GetStore, SetStore } from './store-access';

/** Copy and save of the last report (main keeps the report; the page only asks), and the CA file picker. */
export function reportActions(set: SetStore, _get: GetStore): Pick<FirewallSlice, 'copyFirewallReport' | 'saveFirewallReport' | 'pickFirewallCaFile'> {
  return {
    async copyFirewallReport() {
      const result = await window.sponsorship.firewall.copyReport();
      set({ firewallReportNote: result.ok ? 'Report copied for your network team.' : result.error.message });
    },
    async saveFirewallReport(format) {
      const result = await window.sponsorship.firewall.saveReport(format);
      set({ firewallReportNote: result.ok ? (result.value.path ? `Saved to ${result.value.path}` : 'Not saved.') : result.error.message });
    },
    async pickFirewallCaFile() {
      const picked = await window.sponsorship.firewall.pickCaFile();
      return picked.ok ? picked.value.file : null;
    },
  };
}
