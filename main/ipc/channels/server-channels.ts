export const SERVER_INVOKE = {
  serverList: 'sponsorship:server-list',
  serverConnect: 'sponsorship:server-connect',
  serverUseInstall: 'sponsorship:server-use-install',
  serverStatus: 'sponsorship:server-status',
  serverUseThisComputer: 'sponsorship:server-use-this-computer',
} as const;

export const SERVER_EVENTS = {} as const;
