export const INSTALL_INVOKE = {
  installPickFolder: 'sponsorship:install-pick-folder',
  installUseTypedFolder: 'sponsorship:install-use-typed-folder',
  installInspect: 'sponsorship:install-inspect',
} as const;

export const INSTALL_EVENTS = {} as const;
