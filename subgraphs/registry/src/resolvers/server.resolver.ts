import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { clampFirst } from '@mcpr/platform';
import type { RegistryContext } from '../context';
import { listServers, pageOfVersions, serverCursor, versionCursor } from '../domain/listing';
import { ServerConnection, ServerVersionConnection } from '../schema/connections.type';
import { ServerFilter } from '../schema/server-filter.input';
import { Namespace } from '../schema/namespace.type';
import { ServerVersion } from '../schema/server-version.type';
import { Server } from '../schema/server.type';
import { mustExist, toNamespace, toServer, toServerVersion } from './mappers';

@Resolver(() => Server)
export class ServerResolver {
  @Query(() => Server, {
    nullable: true,
    description: 'A server by full name; null when unknown. Deleted servers stay readable.',
  })
  async server(@Arg('name', () => String) name: string, @Ctx() ctx: RegistryContext): Promise<Server | null> {
    const row = await ctx.loaders.serverByName.load(name);
    return row ? toServer(row) : null;
  }

  @Query(() => ServerConnection, {
    description: 'Servers by name; deleted ones only with filter.status: DELETED.',
  })
  async servers(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => ServerFilter, { nullable: true }) filter: ServerFilter | null,
    @Ctx() ctx: RegistryContext,
  ): Promise<ServerConnection> {
    const page = await listServers(ctx.em, { first: clampFirst(first), after, filter });
    for (const row of page.servers) ctx.loaders.serverById.prime(row.id, row);
    const edges = page.servers.map((row) => ({ cursor: serverCursor(row), node: toServer(row) }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @FieldResolver(() => Namespace)
  async namespace(@Root() server: Server, @Ctx() ctx: RegistryContext): Promise<Namespace> {
    return toNamespace(
      mustExist(await ctx.loaders.namespaceById.load(server.namespaceId), `namespace of server ${server.id}`),
    );
  }

  @FieldResolver(() => ServerVersion, { nullable: true, description: 'Null when every version is deleted.' })
  async latestVersion(@Root() server: Server, @Ctx() ctx: RegistryContext): Promise<ServerVersion | null> {
    const row = await ctx.loaders.latestVersionByServerId.load(server.id);
    return row ? toServerVersion(row) : null;
  }

  @FieldResolver(() => ServerVersionConnection, {
    description: 'Every version (deleted ones included), newest first.',
  })
  async versions(
    @Root() server: Server,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: RegistryContext,
  ): Promise<ServerVersionConnection> {
    const all = await ctx.loaders.versionsByServerId.load(server.id);
    const page = pageOfVersions(all, { first: clampFirst(first), after });
    const edges = page.versions.map((row) => ({ cursor: versionCursor(row), node: toServerVersion(row) }));
    return {
      edges,
      totalCount: page.totalCount,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: Boolean(after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
