import type { ReferenceResolvers } from '@mcpr/platform';
import type { TrustContext } from '../context';
import type { ServerReference } from './entity-fields.resolver';

/**
 * `_entities` for the registry's entities trust extends, batched through the request's DataLoaders (the
 * gateway sends a page of representations in one call). A server trust has not seen still resolves (its
 * `trust` is UNVERIFIED), as does a version not yet scanned (its `scan` is PENDING).
 */
export const trustReferenceResolvers: ReferenceResolvers = {
  Server: {
    __resolveReference: async (
      reference: { id?: string; name?: string },
      ctx: TrustContext,
    ): Promise<ServerReference> => {
      const row = reference.id
        ? await ctx.loaders.serverById.load(reference.id)
        : reference.name
          ? await ctx.loaders.serverByName.load(reference.name)
          : null;
      return {
        id: row?.id ?? reference.id ?? '',
        name: row?.name ?? reference.name ?? '',
        row,
      };
    },
  },
  ServerVersion: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
  },
};
