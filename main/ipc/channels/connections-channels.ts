export const CONNECTIONS_INVOKE = {
  connectionsStatus: 'sponsorship:connections-status',
  connectionsLogin: 'sponsorship:connections-login',
  connectionsLogout: 'sponsorship:connections-logout',
  connectionsChooseOrganization: 'sponsorship:connections-choose-organization',
  connectionsPickCaFile: 'sponsorship:connections-pick-ca-file',
  connectionsApiKeyPages: 'sponsorship:connections-api-key-pages',
  connectionsSetRoute: 'sponsorship:connections-set-route',
} as const;

/** No events: the client secret goes main-ward once per sign-in and nothing about it ever comes back. */
export const CONNECTIONS_EVENTS = {} as const;
