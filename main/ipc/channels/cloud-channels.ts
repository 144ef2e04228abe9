export const CLOUD_INVOKE = {
  cloudPlanEnable: 'sponsorship:cloud-plan-enable',
  cloudEnable: 'sponsorship:cloud-enable',
  cloudListBackups: 'sponsorship:cloud-list-backups',
  cloudRestore: 'sponsorship:cloud-restore',
  cloudPlanApply: 'sponsorship:cloud-plan-apply',
  cloudApplyStart: 'sponsorship:cloud-apply-start',
  cloudApplyRuns: 'sponsorship:cloud-apply-runs',
  cloudApplyAttach: 'sponsorship:cloud-apply-attach',
} as const;

export const CLOUD_EVENTS = {
  /** Output of a running apply, in batches (a busy `docker pull` prints thousands of lines). */
  cloudApplyOutput: 'sponsorship:cloud-apply-output',
} as const;
