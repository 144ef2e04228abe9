export const FIREWALL_INVOKE = {
  /** Which hosts a run would contact (nothing contacted). */
  firewallPlan: 'sponsorship:firewall-plan',
  /** Runs the check; each finished stage streams through `firewallStage`. Cancel with operationCancel. */
  firewallRun: 'sponsorship:firewall-run',
  firewallContainerCommands: 'sponsorship:firewall-container-commands',
  firewallPlanProxyEnv: 'sponsorship:firewall-plan-proxy-env',
  firewallWriteProxyEnv: 'sponsorship:firewall-write-proxy-env',
  firewallSaveReport: 'sponsorship:firewall-save-report',
  firewallCopyReport: 'sponsorship:firewall-copy-report',
  firewallPickCaFile: 'sponsorship:firewall-pick-ca-file',
} as const;

export const FIREWALL_EVENTS = {
  /** One stage of one target of a running check, as soon as it finished. */
  firewallStage: 'sponsorship:firewall-stage',
} as const;
