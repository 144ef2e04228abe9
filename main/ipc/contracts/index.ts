import type { z } from 'zod';
import type { EventChannel, InvokeChannel } from '../channels';
import { appContract, type AppEventContract } from './app-contract';
import type { ChannelContract } from './contract-helpers';
import { installContract, type InstallEventContract } from './install-contract';
import { billingSyncContract, type BillingSyncEventContract } from './billing-sync-contract';
import { firewallContract, type FirewallEventContract } from './firewall-contract';
import { connectionsContract, type ConnectionsEventContract } from './connections-contract';
import { cloudContract, type CloudEventContract } from './cloud-contract';
import { licenseContract, type LicenseEventContract } from './license-contract';
import { serverContract, type ServerEventContract } from './server-contract';

/**
 * The one contract of invoke channels: request schema (validated at the boundary) and response type.
 * `satisfies` makes a channel without a contract — or a contract without a channel — a compile error.
 */
export const invokeContract = {
  ...appContract,
  ...installContract,
  ...billingSyncContract,
  ...firewallContract,
  ...connectionsContract,
  ...cloudContract,
  ...licenseContract,
  ...serverContract,
} satisfies { [C in InvokeChannel]: ChannelContract<z.ZodType, unknown> };

/** Payload types of main → renderer events. */
export interface EventContract extends AppEventContract, BillingSyncEventContract, InstallEventContract, CloudEventContract, ConnectionsEventContract, FirewallEventContract, LicenseEventContract, ServerEventContract {}

// Compile-time check that every event channel has a payload type and no extra ones exist.
type AssertEventCoverage<T extends { [E in EventChannel]: unknown }> = Exclude<keyof T, EventChannel> extends never ? true : never;
export const eventCoverage: AssertEventCoverage<EventContract> = true;

type ExtraContractKeys = Exclude<keyof typeof invokeContract, InvokeChannel>;
export const noExtraContracts: ExtraContractKeys extends never ? true : never = true;

export type InvokeContract = typeof invokeContract;
export type RequestOf<C extends InvokeChannel> = z.input<InvokeContract[C]['request']>;
export type ParsedRequestOf<C extends InvokeChannel> = z.output<InvokeContract[C]['request']>;
export type ResponseOfChannel<C extends InvokeChannel> = NonNullable<InvokeContract[C]['response']['__response']>;
export type EventPayload<E extends EventChannel> = EventContract[E];
