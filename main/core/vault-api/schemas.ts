import { z } from 'zod';

/** `ProfileOrganizationResponseModel` (GET /accounts/profile): `type` 0 Owner, 1 Admin, 2 User, 3 Manager, 4 Custom. */
/** OrganizationUserType (src/Core/Enums/OrganizationUserType.cs); 3 (Manager) was removed. */
export const ORGANIZATION_USER_TYPE_NAMES: Record<number, string> = { 0: 'Owner', 1: 'Admin', 2: 'User', 4: 'Custom' };

export const profileOrganizationSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  type: z.number().int(),
  enabled: z.boolean().optional(),
  planProductType: z.number().int().optional(),
  selfHost: z.boolean().optional(),
});

export const profileSchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable().optional(),
  organizations: z.array(profileOrganizationSchema).default([]),
});

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().optional(),
});

export const installationSchema = z.looseObject({
  id: z.string(),
  enabled: z.boolean(),
});

/** `src/Api/AdminConsole/Controllers/OrganizationsController.cs`: `{apiKey, revisionDate, object:"apiKey"}`. */
export const apiKeySchema = z.looseObject({ apiKey: z.string().min(1), revisionDate: z.string().nullable().optional() });

export const apiKeyInformationSchema = z.looseObject({
  data: z.array(z.looseObject({ keyType: z.number().int(), revisionDate: z.string().nullable().optional() })),
});

/** `src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`: config stored PascalCase; everything null when there is no connection. */
export const connectionSchema = z.looseObject({
  id: z.string().nullable().optional(),
  type: z.number().int().nullable().optional(),
  organizationId: z.string().nullable().optional(),
  enabled: z.boolean().nullable().optional(),
  config: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const syncStatusSchema = z.looseObject({ lastSyncDate: z.string().nullable().optional() });

export const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullable().optional(),
  planType: z.number().int().optional(),
  seats: z.number().int().nullable().optional(),
  selfHost: z.boolean().optional(),
});

/** Self-hosted `GET /organizations/{id}/subscription` (OrganizationSubscriptionResponseModel with the license). */
export const organizationSubscriptionSchema = organizationSchema.extend({
  expiration: z.string().nullable().optional(),
  expirationWithoutGracePeriod: z.string().nullable().optional(),
});
