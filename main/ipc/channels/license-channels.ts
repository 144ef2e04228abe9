export const LICENSE_INVOKE = {
  licenseInspectFile: 'sponsorship:license-inspect-file',
  licensePickFile: 'sponsorship:license-pick-file',
  licensePickCertificate: 'sponsorship:license-pick-certificate',
  licenseConnections: 'sponsorship:license-connections',
  licenseCheckRegion: 'sponsorship:license-check-region',
  licenseDownload: 'sponsorship:license-download',
  licenseSaveCopy: 'sponsorship:license-save-copy',
  licenseUpload: 'sponsorship:license-upload',
  licenseManualSteps: 'sponsorship:license-manual-steps',
} as const;

export const LICENSE_EVENTS = {} as const;
