import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context';
import { findServerVersion } from '../domain/lookup';
import { ServerPackage, ServerRemote } from '../schema/package.type';
import { ServerVersion } from '../schema/server-version.type';
import { Server } from '../schema/server.type';
import { Tool } from '../schema/tool.type';
import { mustExist, packagesOf, remotesOf, toServer, toServerVersion, toTool } from './mappers';

@Resolver(() => ServerVersion)
export class ServerVersionResolver {
  @Query(() => ServerVersion, {
    nullable: true,
    description: 'A version by server name and version ("latest" for the latest).',
  })
  async serverVersion(
    @Arg('name', () => String) name: string,
    @Arg('version', () => String) version: string,
    @Ctx() ctx: RegistryContext,
  ): Promise<ServerVersion | null> {
    const row = await findServerVersion(ctx.em, name, version);
    return row ? toServerVersion(row) : null;
  }

  @FieldResolver(() => Server)
  async server(@Root() version: ServerVersion, @Ctx() ctx: RegistryContext): Promise<Server> {
    return toServer(
      mustExist(await ctx.loaders.serverById.load(version.serverId), `server of version ${version.id}`),
    );
  }

  @FieldResolver(() => [ServerPackage])
  packages(@Root() version: ServerVersion): ServerPackage[] {
    return packagesOf(version.manifest);
  }

  @FieldResolver(() => [ServerRemote])
  remotes(@Root() version: ServerVersion): ServerRemote[] {
    return remotesOf(version.manifest);
  }

  @FieldResolver(() => [Tool], { description: 'In declaration order.' })
  async tools(@Root() version: ServerVersion, @Ctx() ctx: RegistryContext): Promise<Tool[]> {
    return (await ctx.loaders.toolsByVersionId.load(version.id)).map(toTool);
  }
}
