export const SERVER_INVOKE = {
  serverList: 'sponsorship:server-list',
  serverConnect: 'sponsorship:server-connect',
  serverPickIdentity: 'sponsorship:server-pick-identity',
  serverAnswerPrompt: 'sponsorship:server-answer-prompt',
  serverRemove: 'sponsorship:server-remove',
  serverUseInstall: 'sponsorship:server-use-install',
  serverStatus: 'sponsorship:server-status',
  serverUseThisComputer: 'sponsorship:server-use-this-computer',
} as const;

export const SERVER_EVENTS = {
  /** A passphrase, password or sudo password main needs while a connection waits (answer with serverAnswerPrompt). */
  serverSecretPrompt: 'sponsorship:server-secret-prompt',
} as const;
