export const INSTALL_INVOKE = {
  installPickFolder: 'sponsorship:install-pick-folder',
  installInspect: 'sponsorship:install-inspect',
} as const;

export const INSTALL_EVENTS = {} as const;
