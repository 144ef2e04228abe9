import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { createTrust, type Trust } from '../trust';
import { appHandlers } from './app-handlers';
import { installHandlers } from './install-handlers';
import { billingSyncHandlers } from './billing-sync-handlers';
import { firewallHandlers } from './firewall-handlers';
import { connectionsHandlers } from './connections-handlers';
import { cloudHandlers } from './cloud-handlers';
import { licenseHandlers } from './license-handlers';
import { serverHandlers } from './server-handlers';

/**
 * The handler table, built from core services. Its type makes a missing channel a compile error.
 * Every capability shares one `trust` (the session's file, install and link handles).
 */
export function buildHandlerTable(given: AppServices, trust: Trust = createTrust()): HandlerTable {
  // Every handler sees the current host: this computer, or the server the admin connected to.
  const local = given.host;
  const services: AppServices = Object.create(given, { host: { get: () => trust.hosts.hostOr(local), enumerable: true } });
  // API calls on the route "through the server" use the SSH login of the server connected now (none: refused).
  if (typeof given.connections.useRouteServer === 'function') {
    given.connections.useRouteServer(async () => {
      const remote = trust.hosts.current();
      return remote ? { host: remote.ssh, label: remote.label } : undefined;
    });
  }
  return {
    ...serverHandlers(services, trust),
    ...appHandlers(services, trust),
    ...installHandlers(services, trust),
    ...billingSyncHandlers(services, trust),
    ...firewallHandlers(services, trust),
    ...connectionsHandlers(services, trust),
    ...cloudHandlers(services, {}, trust),
    ...licenseHandlers(services, trust),
  };
}
