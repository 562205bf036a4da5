import type { ReferenceResolvers } from '@mcpr/platform';
import type { Server, ServerVersion } from '../schema/entities.type';

/**
 * `_entities` for the registry entities audit extends: the key is all audit needs (trails are looked
 * up by version id or server name, batched by the field resolvers), so a reference resolves to itself.
 */
export const auditReferenceResolvers: ReferenceResolvers = {
  ServerVersion: { __resolveReference: (reference: { id: string }): ServerVersion => ({ id: reference.id }) },
  Server: { __resolveReference: (reference: { name: string }): Server => ({ name: reference.name }) },
};
