import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { appHandlers } from './app-handlers';
import { installHandlers } from './install-handlers';
import { billingSyncHandlers } from './billing-sync-handlers';
import { firewallHandlers } from './firewall-handlers';
import { connectionsHandlers } from './connections-handlers';
import { cloudHandlers } from './cloud-handlers';
import { licenseHandlers } from './license-handlers';

/** The handler table, built from core services. Its type makes a missing channel a compile error. */
export function buildHandlerTable(services: AppServices): HandlerTable {
  return {
    ...appHandlers(services),
    ...installHandlers(services),
    ...billingSyncHandlers(services),
    ...firewallHandlers(services),
    ...connectionsHandlers(services),
    ...cloudHandlers(services),
    ...licenseHandlers(services),
  };
}
