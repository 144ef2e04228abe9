export const FIREWALL_INVOKE = {
  /** Which hosts a run would contact (nothing contacted). */
  firewallPlan: 'sponsorship:firewall-plan',
  /** Runs the check; each finished stage streams through `firewallStage`. Cancel with operationCancel. */
  firewallRun: 'sponsorship:firewall-run',
  firewallContainerCommands: 'sponsorship:firewall-container-commands',
  /**
   * Runs the container test commands (docker exec bitwarden-api / bitwarden-admin) on the connected server,
   * after main asked the admin in a native dialog; each result streams through `firewallContainerResult`.
   */
  firewallRunInContainers: 'sponsorship:firewall-run-in-containers',
  firewallPlanProxyEnv: 'sponsorship:firewall-plan-proxy-env',
  firewallWriteProxyEnv: 'sponsorship:firewall-write-proxy-env',
  firewallSaveReport: 'sponsorship:firewall-save-report',
  firewallCopyReport: 'sponsorship:firewall-copy-report',
  firewallPickCaFile: 'sponsorship:firewall-pick-ca-file',
} as const;

export const FIREWALL_EVENTS = {
  /** One stage of one target of a running check, as soon as it finished. */
  firewallStage: 'sponsorship:firewall-stage',
  /** One container test command's result, as soon as it finished. */
  firewallContainerResult: 'sponsorship:firewall-container-result',
} as const;
