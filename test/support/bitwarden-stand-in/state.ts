import { randomBytes, randomUUID } from 'node:crypto';
import { deriveMasterPasswordHash, deriveMasterPasswordHashWithSalt, type KdfConfig } from '../../../main/core/vault-api';

export type Role = 'cloud' | 'self';

export interface StandInUser {
  id: string;
  email: string;
  /** Kept only to answer prelogin and check `masterPasswordHash`; test data, never a real password. */
  password: string;
  kdf: KdfConfig;
  /** The salt prelogin returns: the e-mail lower-cased and trimmed, or one set apart from it (Bitwarden's staged salt separation). */
  salt: string;
  masterPasswordHash: string;
  clientId: string;
  clientSecret: string;
  otp?: string;
}

export interface StandInOrganization {
  id: string;
  name: string;
  planType: number;
  seats: number | null;
  enabled: boolean;
  members: Map<string, number>;
  // cloud
  licenseKey: string;
  apiKeys: Map<number, { apiKey: string; revisionDate: string }>;
  hasSubscription: boolean;
  // self-hosted
  license?: { text: string; fields: Record<string, unknown> };
  connection?: { id: string; enabled: boolean; config: Record<string, unknown> };
  sponsorships: number;
  lastSyncDate: string | null;
}

export interface RoleState {
  users: Map<string, StandInUser>;
  organizations: Map<string, StandInOrganization>;
  tokens: Map<string, { userId: string; expiresAt: number }>;
}

export function newRoleState(): RoleState {
  return { users: new Map(), organizations: new Map(), tokens: new Map() };
}

export async function makeUser(input: { email: string; password: string; kdf?: KdfConfig; salt?: string }): Promise<StandInUser> {
  const id = randomUUID();
  const kdf = input.kdf ?? { type: 'pbkdf2', iterations: 600_000 };
  return {
    id,
    email: input.email,
    password: input.password,
    kdf,
    salt: input.salt ?? input.email.trim().toLowerCase(),
    // The real derivation: a client that hashes differently is refused, like the server would.
    masterPasswordHash: input.salt
      ? await deriveMasterPasswordHashWithSalt(input.password, input.salt, kdf)
      : await deriveMasterPasswordHash(input.password, input.email, kdf),
    clientId: `user.${id}`,
    clientSecret: randomAlphanumeric(30),
  };
}

export function makeOrganization(input: { name: string; planType?: number; seats?: number | null; enabled?: boolean; hasSubscription?: boolean }): StandInOrganization {
  return {
    id: randomUUID(),
    name: input.name,
    planType: input.planType ?? 20,
    seats: input.seats ?? 10,
    enabled: input.enabled ?? true,
    members: new Map(),
    licenseKey: randomAlphanumeric(30),
    apiKeys: new Map(),
    hasSubscription: input.hasSubscription ?? true,
    sponsorships: 0,
    lastSyncDate: null,
  };
}

/** `src/Api/AdminConsole/Controllers/OrganizationsController.cs`: the billing sync key is a 30-character random string. */
export function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

/** PlanType (src/Core/Billing/Enums/PlanType.cs) grouped by product tier, for the api-key tier check. */
const TEAMS_PLANS = new Set([2, 3, 8, 9, 12, 13, 16, 17, 18, 21]);
const ENTERPRISE_PLANS = new Set([4, 5, 10, 11, 14, 15, 19, 20]);
export function isTeamsOrEnterprise(planType: number): boolean {
  return TEAMS_PLANS.has(planType) || ENTERPRISE_PLANS.has(planType);
}
