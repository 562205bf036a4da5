import type { ReferenceResolvers } from '@mcpr/platform';
import type { RegistryContext } from '../context';
import { toServer, toServerVersion } from './mappers';

/**
 * `_entities` for the registry's entities, batched through the request's DataLoaders (the gateway
 * sends many representations in one call). An unknown key resolves to null.
 */
export const registryReferenceResolvers: ReferenceResolvers = {
  Server: {
    __resolveReference: async (reference: { id?: string; name?: string }, ctx: RegistryContext) => {
      const row = reference.id
        ? await ctx.loaders.serverById.load(reference.id)
        : reference.name
          ? await ctx.loaders.serverByName.load(reference.name)
          : null;
      return row ? toServer(row) : null;
    },
  },
  ServerVersion: {
    __resolveReference: async (reference: { id?: string }, ctx: RegistryContext) => {
      const row = reference.id ? await ctx.loaders.versionById.load(reference.id) : null;
      return row ? toServerVersion(row) : null;
    },
  },
};
