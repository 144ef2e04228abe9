import type { KdfConfig } from '../../../main/core/vault-api';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInOptions } from './server';
import type { StandInOrganization, StandInUser } from './state';

/** The stand-in with what most flows need: an owner and organization on each side, and an installation the cloud knows. */
export interface StandInWithOwners {
  standIn: BitwardenStandIn;
  cloudOwner: StandInUser;
  selfOwner: StandInUser;
  /** "Acme" in the cloud (plan type 20, Enterprise annually), owned by `cloudOwner`. */
  cloudOrg: StandInOrganization;
  /** "Acme (self)" on the self-hosted server, owned by `selfOwner`. */
  selfOrg: StandInOrganization;
}

interface OwnerInput {
  email?: string;
  password?: string;
  kdf?: KdfConfig;
}

/**
 * Starts the stand-in and adds the cast shared by the license and billing sync tests: Owner of a cloud
 * organization, Owner of a self-hosted one, and the self-hosted installation known to the cloud.
 */
export async function startStandInWithOwners(
  options: StandInOptions & { cloudOwner?: OwnerInput; selfOwner?: OwnerInput } = {},
): Promise<StandInWithOwners> {
  const { cloudOwner: cloudInput, selfOwner: selfInput, ...standInOptions } = options;
  const standIn = await startBitwardenStandIn(standInOptions);
  const cloudOwner = await standIn.addUser('cloud', { email: 'owner@example.test', password: 'pw one two three', ...cloudInput });
  const selfOwner = await standIn.addUser('self', { email: 'admin@example.test', password: 'pw four five six', ...selfInput });
  const cloudOrg = standIn.addOrganization('cloud', { name: 'Acme', planType: 20, owner: cloudOwner });
  const selfOrg = standIn.addOrganization('self', { name: 'Acme (self)', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  return { standIn, cloudOwner, selfOwner, cloudOrg, selfOrg };
}
